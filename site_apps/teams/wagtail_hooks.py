"""Teams, memberships and invitations in the Wagtail admin, for staff.

Staff see them through Django model permissions (superusers have all). Team isolation holds
here too: a staff member who is not a superuser sees only the teams they belong to
(`policy.admin_team_filter`), in listings and when opening a row by its URL. Membership and
invitation changes go through the team's own pages (and their services), so the admin only
shows them; staff may rename or delete a team.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from site_apps.common.users import Caller, Person
from site_apps.teams import policy
from site_apps.teams.models import Invitation, Membership, Team


class TeamAdminPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, limited to the actions the admin offers for each model and
    to the rows of the teams the staff member may see."""

    def __init__(self, model: Any, *, actions: set[str], team_path: str) -> None:
        super().__init__(model)
        self.actions = actions
        self.team_path = team_path

    def user_has_permission(self, user: Caller, action: str) -> bool:
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        return super().users_with_any_permission([a for a in actions if a in self.actions])

    def instances_user_has_any_permission_for(self, user: Person, actions: Any) -> QuerySet[Any]:
        return (
            super()
            .instances_user_has_any_permission_for(user, actions)
            .filter(policy.admin_team_filter(user, self.team_path))
        )

    def user_has_permission_for_instance(self, user: Person, action: str, instance: Any) -> bool:
        return (
            self.user_has_permission(user, action)
            and self.scoped(user).filter(pk=instance.pk).exists()
        )

    def scoped(self, user: Person) -> QuerySet[Any]:
        return self.model._default_manager.filter(policy.admin_team_filter(user, self.team_path))


TEAM_POLICY = TeamAdminPermissionPolicy(Team, actions={"view", "change", "delete"}, team_path="")
MEMBERSHIP_POLICY = TeamAdminPermissionPolicy(Membership, actions={"view"}, team_path="team__")
INVITATION_POLICY = TeamAdminPermissionPolicy(Invitation, actions={"view"}, team_path="team__")
register_permission_policy(Team, TEAM_POLICY)
register_permission_policy(Membership, MEMBERSHIP_POLICY)
register_permission_policy(Invitation, INVITATION_POLICY)


class ScopedToVisibleTeams:
    """For the admin's views: list only rows of visible teams, and answer 404 for a row of
    any other team opened by its URL."""

    request: HttpRequest
    model: Any

    def get_base_queryset(self) -> QuerySet[Any]:
        queryset = super().get_base_queryset()  # type: ignore[misc]
        return queryset.filter(policy.admin_team_filter(self.request.user, team_path(self.model)))

    def get_object(self, *args: Any, **kwargs: Any) -> Any:
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        visible = self.model._default_manager.filter(
            policy.admin_team_filter(self.request.user, team_path(self.model))
        )
        if not visible.filter(pk=obj.pk).exists():
            raise Http404
        return obj


def team_path(model: Any) -> str:
    return "" if model is Team else "team__"


class TeamIndexView(ScopedToVisibleTeams, generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        return super().get_base_queryset().annotate(member_count=Count("memberships"))


class ScopedIndexView(ScopedToVisibleTeams, generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        related = ["team", "user"] if self.model is Membership else ["team"]
        return super().get_base_queryset().select_related(*related)


class ScopedEditView(ScopedToVisibleTeams, generic.EditView):
    pass


class ScopedDeleteView(ScopedToVisibleTeams, generic.DeleteView):
    pass


class ScopedInspectView(ScopedToVisibleTeams, generic.InspectView):
    pass


class ScopedHistoryView(ScopedToVisibleTeams, HistoryView):
    pass


class ScopedUsageView(ScopedToVisibleTeams, UsageView):
    pass


class ScopedViewSet(ModelViewSet):
    add_to_reference_index = False
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView


class TeamViewSet(ScopedViewSet):
    model = Team
    icon = "group"
    menu_label = _("Teams")
    index_view_class = TeamIndexView
    list_display = [
        "name",
        "slug",
        Column("member_count", label=_("Members"), sort_key="member_count"),
        "created_at",
    ]
    list_filter = ["created_at"]
    search_fields = ["name", "slug"]
    form_fields = ["name", "slug"]
    inspect_view_fields = ["name", "slug", "created_at", "updated_at"]


class MembershipViewSet(ScopedViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    list_display = [
        "user",
        Column("email", accessor="user.email", label=_("Email"), sort_key="user__email"),
        "team",
        "role",
        "created_at",
    ]
    list_filter = ["role", "created_at"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "team__name"]
    form_fields = ["role"]
    inspect_view_fields = ["team", "user", "role", "created_at", "updated_at"]


class InvitationViewSet(ScopedViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    list_display = [
        "email",
        "team",
        "role",
        Column("get_status_display", label=_("Status")),
        "expires_at",
    ]
    list_filter = ["role", "accepted_at", "revoked_at", "expires_at"]
    search_fields = ["email", "team__name"]
    form_fields = ["role"]
    inspect_view_fields = [
        "team",
        "email",
        "role",
        "author",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]


class TeamsAdminGroup(ModelViewSetGroup):
    menu_label = _("Teams")
    menu_icon = "group"
    menu_order = 250
    items = (TeamViewSet("team"), MembershipViewSet("membership"), InvitationViewSet("invitation"))


@hooks.register("register_admin_viewset")
def register_teams_admin() -> TeamsAdminGroup:
    return TeamsAdminGroup()
