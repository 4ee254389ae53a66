"""Reads of billing state for the team's billing page, the checkout pages and the admin."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from site_apps.billing import entitlements
from site_apps.billing.models import Plan, Subscription, WebhookEvent
from site_apps.teams.models import Team


def current_subscription(team: Team) -> Subscription | None:
    """The team's subscription that matters now: an entitled one if any, else the newest."""
    subscriptions = list(Subscription.objects.filter(team=team).order_by("-stripe_created")[:10])
    entitled = [s for s in subscriptions if s.is_entitled]
    return next(iter(entitled or subscriptions), None)


def plan_for_price(price_id: str, language: str = "") -> Plan | None:
    """The plan an editor attached this Stripe price to (in the given language if it exists)."""
    if not price_id:
        return None
    plans = Plan.objects.filter(
        Q(stripe_monthly_price_id=price_id) | Q(stripe_yearly_price_id=price_id)
    ).select_related("locale")
    found = list(plans)
    preferred = [p for p in found if p.locale.language_code == language]
    return next(iter(preferred or found), None)


def plan_by_slug(slug: str, language: str = "") -> Plan | None:
    """The editors' plan for one of the plans in `plans.py` (in the given language if it exists)."""
    found = list(Plan.objects.filter(slug=slug).select_related("locale"))
    preferred = [p for p in found if p.locale.language_code == language]
    return next(iter(preferred or found), None)


@dataclass(frozen=True)
class TeamBilling:
    subscription: Subscription | None
    plan: Plan | None
    price_listed: bool = True  # False: no plan lists the price; `plan` is what the limits use

    @property
    def period(self) -> str:
        if self.subscription and self.plan and self.price_listed:
            if self.plan.stripe_yearly_price_id == self.subscription.price_stripe_id:
                return "yearly"
            return "monthly"
        return ""


def team_billing(team: Team, language: str = "") -> TeamBilling:
    """What the billing page shows: two queries (four for a price no plan lists)."""
    subscription = current_subscription(team)
    plan = plan_for_price(subscription.price_stripe_id, language) if subscription else None
    if subscription is None or plan is not None:
        return TeamBilling(subscription=subscription, plan=plan)
    # A price no editor has attached to a plan yet: named as the plan whose limits the team
    # gets for it (entitlements' UNLISTED_PRICE_PLAN while entitled), never by its raw id.
    limits = entitlements.plan_of(team)
    return TeamBilling(subscription, plan_by_slug(limits.slug, language), price_listed=False)


def events_for_listing() -> QuerySet[WebhookEvent]:
    """The event log without the payloads (they can be large): for the admin's listing."""
    return WebhookEvent.objects.defer("payload")
