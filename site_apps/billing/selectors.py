"""Reads of billing state for the team's billing page, the checkout pages and the admin."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from site_apps.billing.models import Plan, PlanGrant, Subscription, WebhookEvent
from site_apps.billing.plans import UNLISTED_PRICE_PLAN
from site_apps.teams.models import Team


def current_subscription(team: Team) -> Subscription | None:
    """The team's subscription that matters now: an entitled one if any, else the newest."""
    subscriptions = list(Subscription.objects.filter(team=team).order_by("-stripe_created")[:10])
    entitled = [s for s in subscriptions if s.is_entitled]
    return next(iter(entitled or subscriptions), None)


def trial_days_for(team: Team) -> int:
    """The free days the team's next subscription starts with: BILLING_TRIAL_DAYS for a team
    that has never had one (cancelled ones count), else none."""
    if settings.BILLING_TRIAL_DAYS <= 0 or Subscription.objects.filter(team=team).exists():
        return 0
    return int(settings.BILLING_TRIAL_DAYS)


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


def plan_grant_in_force(team: Team) -> PlanGrant | None:
    """The plan the operator granted the team without Stripe, if one is in force."""
    return PlanGrant.objects.filter(team=team).in_force().first()


def plan_by_slug(slug: str, language: str = "") -> Plan | None:
    """The editors' plan for one of the plans in `plans.py` (in the given language if it exists)."""
    found = list(Plan.objects.filter(slug=slug).select_related("locale"))
    preferred = [p for p in found if p.locale.language_code == language]
    return next(iter(preferred or found), None)


@dataclass(frozen=True)
class TeamBilling:
    subscription: Subscription | None
    plan: Plan | None
    grant: PlanGrant | None = None
    granted_plan: Plan | None = None
    price_listed: bool = True  # False: no plan lists the price; `plan` is what the limits use

    @property
    def paying(self) -> bool:
        return self.subscription is not None and self.subscription.is_entitled

    @property
    def period(self) -> str:
        if self.subscription and self.plan and self.price_listed:
            if self.plan.stripe_yearly_price_id == self.subscription.price_stripe_id:
                return "yearly"
            return "monthly"
        return ""


def team_billing(team: Team, language: str = "") -> TeamBilling:
    """What the billing page shows: three queries, four with a grant, one more for a price no
    plan lists."""
    subscription = current_subscription(team)
    plan = plan_for_price(subscription.price_stripe_id, language) if subscription else None
    grant = plan_grant_in_force(team)
    granted_plan = plan_by_slug(grant.plan, language) if grant else None
    if subscription is None or plan is not None:
        return TeamBilling(subscription, plan, grant=grant, granted_plan=granted_plan)
    # A price no editor has attached to a plan yet: named as the plan whose limits it gives
    # (entitlements' UNLISTED_PRICE_PLAN), never by its raw id.
    return TeamBilling(
        subscription,
        plan_by_slug(UNLISTED_PRICE_PLAN, language),
        grant=grant,
        granted_plan=granted_plan,
        price_listed=False,
    )


def events_for_listing() -> QuerySet[WebhookEvent]:
    """The event log without the payloads (they can be large): for the admin's listing."""
    return WebhookEvent.objects.defer("payload")
