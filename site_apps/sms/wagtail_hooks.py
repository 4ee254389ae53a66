"""Text messages in the Wagtail admin, for staff: every message with its delivery history, and a
report of messages, delivery and failure rates per day (filters, CSV export). Read-only: the
rows are written by the send task and the provider's callbacks. Bodies are stored with the code
masked, so nothing here shows a code."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
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
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from site_apps.common.users import Caller
from site_apps.sms import selectors
from site_apps.sms.models import OutgoingMessage, Purpose, StatusEvent


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Django's view permission; nothing else is ever allowed."""

    def user_has_permission(self, user: Caller, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        return super().users_with_any_permission([a for a in actions if a == "view"])


MESSAGE_POLICY = ViewOnlyPolicy(OutgoingMessage)
register_permission_policy(OutgoingMessage, MESSAGE_POLICY)
register_permission_policy(StatusEvent, ViewOnlyPolicy(StatusEvent))


class MessageIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        return super().get_base_queryset().select_related("user")


class MessageInspectView(generic.InspectView):
    template_name = "sms/admin/message_inspect.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["history"] = self.object.events.order_by("received_at", "pk")
        return context


class OutgoingMessageViewSet(ModelViewSet):
    model = OutgoingMessage
    icon = "mail"
    menu_label = _("Text messages")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = MessageIndexView
    inspect_view_class = MessageInspectView
    list_display = ["created_at", "to", "purpose", "status", "error_code", "backend"]
    list_filter = ["status", "purpose", "backend", "created_at"]
    list_export = [
        "created_at",
        "to",
        "purpose",
        "status",
        "error_code",
        "backend",
        "provider_id",
        "segments",
        "sent_at",
        "delivered_at",
        "failed_at",
    ]
    search_fields = ["to", "provider_id", "error_code"]
    form_fields = ["status"]
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = [
        "to",
        "user",
        "purpose",
        "status",
        "error_code",
        "error_message",
        "body",
        "language",
        "backend",
        "provider_id",
        "segments",
        "created_at",
        "sent_at",
        "delivered_at",
        "failed_at",
    ]


class StatusEventViewSet(ModelViewSet):
    model = StatusEvent
    icon = "history"
    menu_label = _("Delivery reports")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["received_at", "provider_id", "status", "error_code", "source", "applied"]
    list_filter = ["status", "source", "applied", "received_at"]
    search_fields = ["provider_id", "status"]
    form_fields = ["status"]
    ordering = ["-received_at", "-pk"]


class SmsReportFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Day"), widget=DateRangePickerWidget)
    purpose = django_filters.ChoiceFilter(label=_("Purpose"), choices=Purpose.choices)
    backend = django_filters.CharFilter(label=_("Backend"))

    class Meta:
        model = OutgoingMessage
        fields = ["created_at", "purpose", "backend"]


class SmsReportView(ReportView):
    """Messages per day, with how many were delivered and failed: is SMS working?"""

    page_title = _("Text messages by day")
    header_icon = "mail"
    index_url_name = "sms_report"
    index_results_url_name = "sms_report_results"
    filterset_class = SmsReportFilterSet
    permission_policy = MESSAGE_POLICY
    any_permission_required = ["view"]
    list_export = ["day", "total", "delivered", "failed", "delivery_rate", "failure_rate"]
    export_headings = {
        "day": _("Day"),
        "total": _("Messages"),
        "delivered": _("Delivered"),
        "failed": _("Failed or undelivered"),
        "delivery_rate": _("Delivery rate (%)"),
        "failure_rate": _("Failure rate (%)"),
    }
    columns = [
        Column("day", label=_("Day")),
        Column("total", label=_("Messages")),
        Column("delivered", label=_("Delivered")),
        Column("failed", label=_("Failed or undelivered")),
        Column("delivery_rate", label=_("Delivery rate (%)")),
        Column("failure_rate", label=_("Failure rate (%)")),
    ]

    def get_queryset(self) -> QuerySet[Any]:
        return OutgoingMessage.objects.all()

    def filter_queryset(self, queryset: QuerySet[Any]) -> Any:
        return selectors.daily_report(super().filter_queryset(queryset))

    def get_filename(self) -> str:
        return f"text-messages-{timezone.localdate().isoformat()}"


class SmsReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return MESSAGE_POLICY.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_sms_report_menu_item() -> MenuItem:
    return SmsReportMenuItem(
        _("Text messages by day"),
        reverse("sms_report"),
        name="sms-report",
        icon_name="mail",
        order=1200,
    )


@hooks.register("register_admin_urls")
def register_sms_report_urls() -> list[Any]:
    view = SmsReportView.as_view()
    results = SmsReportView.as_view(results_only=True)
    return [
        path("reports/text-messages/", view, name="sms_report"),
        path("reports/text-messages/results/", results, name="sms_report_results"),
    ]


class SmsAdminGroup(ModelViewSetGroup):
    menu_label = _("SMS")
    menu_icon = "mail"
    menu_order = 270
    items = (OutgoingMessageViewSet("sms_message"), StatusEventViewSet("sms_event"))


@hooks.register("register_admin_viewset")
def register_sms_admin() -> SmsAdminGroup:
    return SmsAdminGroup()
