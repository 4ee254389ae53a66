"""API keys and API usage in the Wagtail admin, for staff.

Staff see the keys and usage of the teams they may see (superusers: all; other staff with
view permissions: their own teams, as in the teams admin). Making a key shows its secret once,
on the page that follows; revoking is a tick box on the key's edit page (it cannot be undone).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet, Sum
from django.forms import modelform_factory
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from site_apps.api import services
from site_apps.api.models import DailyUsage, TeamAPIKey
from site_apps.billing.entitlements import PlanLimitReached
from site_apps.common.users import Caller
from site_apps.teams import policy
from site_apps.teams.models import Team
from site_apps.teams.services import TeamError
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

    def form_valid(self, form: Any) -> Any:
        try:
            return super().form_valid(form)
        except (TeamError, PlanLimitReached) as error:  # the team's plan is full, say
            form.add_error(None, str(error))
            return self.form_invalid(form)

    def save_instance(self) -> TeamAPIKey:
        data = self.form.cleaned_data
        key, self.secret = services.issue_key(
            self.request.user,
            team=data["team"],
            name=data["name"],
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
    def save_instance(self) -> Any:
        """Name and expiry as edited; a ticked "revoked" goes through `services.revoke_key`,
        the one way a key is revoked (the API and the command use it too)."""
        key = super().save_instance()
        if self.form.cleaned_data.get("revoked"):
            user = self.request.user  # staff in the admin, never anonymous
            services.revoke_key(user if isinstance(user, AbstractBaseUser) else None, key=key)
        return key


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
        # A key's team never changes; ticking "revoked" revokes it for good (KeyEditView).
        base = modelform_factory(
            self.model,
            formfield_callback=self.formfield_for_dbfield,
            fields=["name", "expiry_date"],
        )

        class KeyEditForm(base):  # type: ignore[valid-type,misc]
            revoked = forms.BooleanField(label=_("revoked"), required=False)

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.fields["revoked"].initial = self.instance.revoked
                self.fields["revoked"].disabled = self.instance.revoked  # for good

        return KeyEditForm


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


class UsageReportFilterSet(WagtailFilterSet):
    day = django_filters.DateFromToRangeFilter(label=_("Day"), widget=DateRangePickerWidget)
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=lambda request: visible_teams(request.user)
    )

    class Meta:
        model = DailyUsage
        fields = ["day", "team"]


def visible_teams(user: Caller) -> QuerySet[Team]:
    return Team.objects.filter(policy.admin_team_filter(user))


class UsageReportView(ReportView):
    """Requests per team and day, with the errors among them: a team's usage over time."""

    page_title = _("API usage by day")
    header_icon = "table"
    index_url_name = "api_usage_report"
    index_results_url_name = "api_usage_report_results"
    filterset_class = UsageReportFilterSet
    permission_policy = USAGE_POLICY
    any_permission_required = ["view"]
    list_export = ["day", "team__name", "requests", "client_errors", "server_errors"]
    export_headings = {
        "day": _("Day"),
        "team__name": _("Team"),
        "requests": _("Requests"),
        "client_errors": _("4xx"),
        "server_errors": _("5xx"),
    }
    columns = [
        Column("day", label=_("Day")),
        Column("team__name", label=_("Team")),
        Column("requests", label=_("Requests")),
        Column("client_errors", label=_("4xx")),
        Column("server_errors", label=_("5xx")),
    ]

    def get_queryset(self) -> Any:
        return DailyUsage.objects.filter(
            policy.admin_team_filter(self.request.user, "team__"), team__isnull=False
        )

    def filter_queryset(self, queryset: Any) -> Any:
        rows = super().filter_queryset(queryset)
        return (
            rows.order_by()
            .values("day", "team__name")
            .annotate(
                requests=Sum("count"),
                client_errors=Sum("count", filter=Q(status_class="4xx"), default=0),
                server_errors=Sum("count", filter=Q(status_class="5xx"), default=0),
            )
            .order_by("-day", "team__name")
        )

    def get_filename(self) -> str:
        return f"api-usage-{timezone.localdate().isoformat()}"


class UsageReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return USAGE_POLICY.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_usage_report_menu_item() -> MenuItem:
    return UsageReportMenuItem(
        _("API usage by day"),
        reverse("api_usage_report"),
        name="api-usage",
        icon_name="table",
        order=1100,
    )


@hooks.register("register_admin_urls")
def register_usage_report_urls() -> list[Any]:
    view = UsageReportView.as_view()
    results = UsageReportView.as_view(results_only=True)
    return [
        path("reports/api-usage/", view, name="api_usage_report"),
        path("reports/api-usage/results/", results, name="api_usage_report_results"),
    ]


class ApiAdminGroup(ModelViewSetGroup):
    menu_label = _("API")
    menu_icon = "code"
    menu_order = 260
    items = (TeamAPIKeyViewSet("api_key"), DailyUsageViewSet("api_usage"))


@hooks.register("register_admin_viewset")
def register_api_admin() -> ApiAdminGroup:
    return ApiAdminGroup()
