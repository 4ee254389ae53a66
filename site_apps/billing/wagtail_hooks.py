"""Billing in the Wagtail admin. For editors: the plans (a snippet with drafts, revisions,
preview and translations). For staff: customers, subscriptions, the Stripe event log and the
local price copies, all read-only: Stripe is the source of truth, so changes are made in Stripe
(dashboard or customer portal) and arrive here by webhook. The plans the operator granted
without Stripe are read-only here too: `manage.py grant_plan` gives and revokes them.
Customers, subscriptions and grants follow the teams admin's isolation (staff who are not
superusers see only their teams)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from site_apps.billing.models import (
    Customer,
    Plan,
    PlanGrant,
    Price,
    Subscription,
    WebhookEvent,
)
from site_apps.billing.selectors import events_for_listing
from site_apps.common.users import Caller
from site_apps.teams.wagtail_hooks import ScopedViewSet, TeamAdminPermissionPolicy


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "tag"
    menu_label = _("Plans")
    menu_order = 210
    add_to_admin_menu = True
    # The plans' admin URLs stay where they were while the pricing page app held the model
    # (/admin/snippets/pricing/plan/...), so editors' bookmarks and links keep working. The URL
    # names are the default ones (wagtailsnippets_billing_plan): wagtail-localize builds them
    # from the model, and with names of our own its translation views were 500s.
    url_prefix = "snippets/pricing/plan"
    list_display = [
        "name",
        "monthly_amount",
        "yearly_amount",
        "currency",
        "highlighted",
        "sort_order",
    ]
    ordering = ["sort_order"]


register_snippet(PlanViewSet)


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Django's view permission; nothing else is ever allowed."""

    def user_has_permission(self, user: Caller, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(
    Customer, TeamAdminPermissionPolicy(Customer, actions={"view"}, team_path="team__")
)
register_permission_policy(
    Subscription, TeamAdminPermissionPolicy(Subscription, actions={"view"}, team_path="team__")
)
register_permission_policy(
    PlanGrant, TeamAdminPermissionPolicy(PlanGrant, actions={"view"}, team_path="team__")
)
register_permission_policy(WebhookEvent, ViewOnlyPolicy(WebhookEvent))
register_permission_policy(Price, ViewOnlyPolicy(Price))


class CustomerViewSet(ScopedViewSet):
    model = Customer
    icon = "user"
    menu_label = _("Customers")
    list_display = ["team", "stripe_id", "created_at"]
    search_fields = ["team__name", "stripe_id"]
    form_fields = ["stripe_id"]
    inspect_view_fields = ["team", "stripe_id", "created_at", "updated_at"]


class SubscriptionViewSet(ScopedViewSet):
    model = Subscription
    icon = "date"
    menu_label = _("Subscriptions")
    list_display = [
        "team",
        "status",
        "price_stripe_id",
        "current_period_end",
        "cancel_at_period_end",
    ]
    list_filter = ["status", "cancel_at_period_end"]
    search_fields = ["team__name", "stripe_id", "price_stripe_id"]
    form_fields = ["status"]
    inspect_view_fields = [
        "team",
        "customer",
        "stripe_id",
        "status",
        "price_stripe_id",
        "product_stripe_id",
        "quantity",
        "current_period_end",
        "cancel_at_period_end",
        "canceled_at",
        "ended_at",
        "stripe_created",
        "synced_at",
    ]


class PlanGrantViewSet(ScopedViewSet):
    model = PlanGrant
    icon = "pick"
    menu_label = _("Plan grants")
    list_display = ["team", "plan", "created_at", "ends_at", "revoked_at"]
    list_filter = ["plan"]
    search_fields = ["team__name", "note"]
    form_fields = ["note"]
    inspect_view_fields = [
        "team",
        "plan",
        "note",
        "granted_by",
        "created_at",
        "ends_at",
        "revoked_at",
    ]


class EventIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet:
        return events_for_listing()


class WebhookEventViewSet(ModelViewSet):
    model = WebhookEvent
    icon = "history"
    menu_label = _("Stripe events")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = EventIndexView
    list_display = [
        "type",
        "stripe_id",
        "stripe_created",
        "processed_at",
        Column("attempts", label=_("Failed attempts")),
    ]
    list_filter = ["type", "processed_at", "livemode"]
    search_fields = ["stripe_id", "type"]
    form_fields = ["type"]
    inspect_view_fields = [
        "stripe_id",
        "type",
        "livemode",
        "stripe_created",
        "created_at",
        "processed_at",
        "attempts",
        "error",
        "payload",
    ]


class PriceViewSet(ModelViewSet):
    model = Price
    icon = "tag"
    menu_label = _("Stripe prices")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["nickname", "stripe_id", "unit_amount", "currency", "interval", "active"]
    list_filter = ["active", "interval", "currency"]
    search_fields = ["stripe_id", "nickname", "product_stripe_id"]
    form_fields = ["nickname"]


class BillingAdminGroup(ModelViewSetGroup):
    menu_label = _("Billing")
    menu_icon = "decimal"
    menu_order = 260
    items = (
        SubscriptionViewSet("billing_subscription"),
        CustomerViewSet("billing_customer"),
        PlanGrantViewSet("billing_plan_grant"),
        WebhookEventViewSet("billing_event"),
        PriceViewSet("billing_price"),
    )


@hooks.register("register_admin_viewset")
def register_billing_admin() -> BillingAdminGroup:
    return BillingAdminGroup()
