"""API keys and API usage in the Wagtail admin, for staff.

Staff see the keys and usage of the teams they may see (superusers: all; other staff with
view permissions: their own teams, as in the teams admin). Making a key shows its secret once,
on the page that follows; revoking is a tick box on the key's edit page (it cannot be undone).
"""

from __future__ import annotations

from typing import Any

from django.forms import modelform_factory
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from site_apps.api import services
from site_apps.api.models import DailyUsage, TeamAPIKey
from site_apps.teams import policy
from site_apps.teams.models import Team
from site_apps.teams.wagtail_hooks import (
    ScopedDeleteView,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedToVisibleTeams,
    TeamAdminPermissionPolicy,
)

KEY_POLICY = TeamAdminPermissionPolicy(
    TeamAPIKey, actions={"add", "view", "change"}, team_path="team__"
)
USAGE_POLICY = TeamAdminPermissionPolicy(DailyUsage, actions={"view"}, team_path="team__")
register_permission_policy(TeamAPIKey, KEY_POLICY)
register_permission_policy(DailyUsage, USAGE_POLICY)


class KeyIndexView(ScopedIndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("created_by")


class KeyCreateView(generic.CreateView):
    """Makes the key through `services.issue_key` and shows its secret on the next page."""

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.fields["team"].queryset = Team.objects.filter(
            policy.admin_team_filter(self.request.user)
        )
        return form

    def save_instance(self) -> TeamAPIKey:
        data = self.form.cleaned_data
        key, self.secret = services.issue_key(
            data["team"],
            name=data["name"],
            created_by=self.request.user,
            expires_at=data.get("expiry_date"),
        )
        return key

    def save_action(self) -> Any:
        return TemplateResponse(
            self.request,
            "api/admin/key_created.html",
            self.get_context_data(
                key=self.object, secret=self.secret, index_url=reverse(self.index_url_name)
            ),
        )


class KeyEditView(ScopedEditView):
    pass


class TeamAPIKeyViewSet(ModelViewSet):
    model = TeamAPIKey
    icon = "key"
    menu_label = _("API keys")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = KeyIndexView
    add_view_class = KeyCreateView
    edit_view_class = KeyEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    list_display = [
        "name",
        "team",
        Column("prefix", label=_("Prefix")),
        Column("get_status_display", label=_("Status")),
        "created_by",
        "expiry_date",
    ]
    list_filter = ["revoked", "team", "created", "expiry_date"]
    search_fields = ["name", "prefix", "team__name"]
    form_fields = ["team", "name", "expiry_date"]
    inspect_view_fields = [
        "name",
        "team",
        "prefix",
        "created_by",
        "created",
        "expiry_date",
        "revoked",
        "revoked_at",
    ]

    def get_form_class(self, for_update: bool = False) -> Any:
        if not for_update:
            return super().get_form_class(for_update)
        # A key's team never changes; ticking "revoked" revokes it for good.
        return modelform_factory(
            self.model,
            formfield_callback=self.formfield_for_dbfield,
            fields=["name", "expiry_date", "revoked"],
        )


class UsageIndexView(ScopedToVisibleTeams, generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("team", "api_key", "user")


class DailyUsageViewSet(ModelViewSet):
    model = DailyUsage
    icon = "table"
    menu_label = _("API usage")
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = UsageIndexView
    list_display = ["day", "team", "principal", "endpoint", "status_class", "count"]
    list_filter = ["day", "team", "status_class"]
    list_export = ["day", "team", "principal", "endpoint", "status_class", "count"]
    search_fields = ["endpoint", "principal", "team__name"]
    form_fields = ["count"]
    ordering = ["-day", "team", "endpoint"]


class ApiAdminGroup(ModelViewSetGroup):
    menu_label = _("API")
    menu_icon = "code"
    menu_order = 260
    items = (TeamAPIKeyViewSet("api_key"), DailyUsageViewSet("api_usage"))


@hooks.register("register_admin_viewset")
def register_api_admin() -> ApiAdminGroup:
    return ApiAdminGroup()
