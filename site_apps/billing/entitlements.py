"""The one question the rest of the code asks about billing: may this team do this?

Every plan decision goes through `team_can(team, feature)` (or `any_team_can`), never by
reading subscription rows or plan numbers directly, so what a plan gives is decided here only,
from the numbers in `plans.py`. A team's plan is the best of the one its entitled
subscription's Stripe price is attached to (`Plan`, the editors' snippet) and the one the
operator granted it without Stripe (`PlanGrant`, `manage.py grant_plan`), else the free plan.

    team_can(team, "sms_verification")                 # a switch
    team_can(team, "members", in_use=members + pending) # a limit: room for one more?
    team_can(team, "upload_storage", in_use=stored, adding=size)

The answer is a `Decision` (falsy when refused) whose reason says why and how to upgrade;
`.require()` raises `PlanLimitReached`, which pages show as a message and the API answers with
402 and the type `plan_limit_reached`. Teams, below billing in the layers, asks about seats
through its own port (`site_apps/teams/plan.py`, which also defines `PlanLimitReached`);
billing registers `TEAM_PLANS` there in its `AppConfig.ready()`. Nothing here deletes
anything: a team that downgraded keeps what it has beyond the new limits, and cannot add more
until it is back under them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Value
from django.utils.translation import gettext as _, ngettext

from cms.content_cache import cached_content
from site_apps.billing.models import Plan, PlanGrant, Subscription
from site_apps.billing.plans import (
    FEATURES,
    FREE_PLAN,
    LIMITS,
    PLANS,
    UNLISTED_PRICE_PLAN,
    PlanLimits,
    size_display,
)
from site_apps.teams.models import Team
from site_apps.teams.plan import PlanLimitReached
from site_apps.teams.policy import ALLOW, Decision

__all__ = ["ALLOW", "TEAM_PLANS", "PlanLimitReached", "any_team_can", "plan_of", "team_can"]


@dataclass(frozen=True)
class PlanDecision(Decision):
    """A refusal by the plan: `require()` raises `PlanLimitReached` naming the feature."""

    feature: str = ""

    def require(self) -> None:
        if not self.allowed:
            raise PlanLimitReached(self.reason, feature=self.feature)


def _refuse(feature: str, reason: str) -> Decision:
    return PlanDecision(False, reason, feature)


def _plan_slug_by_price() -> dict[str, str]:
    """Which plan each Stripe price buys, from the editors' pricing plans (cached with the
    site content, so a request pays no query for it)."""

    def build() -> dict[str, str]:
        prices: dict[str, str] = {}
        for slug, monthly, yearly in Plan.objects.values_list(
            "slug", "stripe_monthly_price_id", "stripe_yearly_price_id"
        ):
            for price in (monthly, yearly):
                if price:
                    prices[price] = slug
        return prices

    return cached_content("plan-slug-by-price", build)


def _best_plan(held: Iterable[tuple[str, str]]) -> PlanLimits:
    """The best plan among these (price id, granted plan) rows: an entitled subscription's
    price, or a grant's plan slug (the free plan for none)."""
    by_price = _plan_slug_by_price()
    plans = [
        PLANS.get(granted) or PLANS.get(by_price.get(price, ""), PLANS[UNLISTED_PRICE_PLAN])
        for price, granted in held
    ]
    if not plans:
        return PLANS[FREE_PLAN]
    order = list(PLANS)
    return max(plans, key=lambda plan: order.index(plan.slug))


def _held(**teams: Any) -> list[tuple[str, str]]:
    """What gives these teams (`team=` or `team__in=`) a plan, in one query: each entitled
    subscription's price as ("price_...", ""), each grant in force as ("", "team")."""
    blank = Value("", output_field=CharField())
    prices = Subscription.objects.filter(**teams).entitled().values_list("price_stripe_id", blank)
    grants = PlanGrant.objects.filter(**teams).in_force().values_list(blank, "plan")
    return list(prices.order_by().union(grants.order_by(), all=True).order_by())


def plan_of(team: Team) -> PlanLimits:
    """The plan the team's entitlements come from: one query (cached on the team object)."""
    cached: PlanLimits | None = getattr(team, "_plan_limits", None)
    if cached is None:
        cached = _best_plan(_held(team=team))
        team._plan_limits = cached  # type: ignore[attr-defined]
    return cached


def team_has_active_subscription(team: Team) -> bool:
    """Active, trialing, or past due while Stripe still retries the payment: one query."""
    return Subscription.objects.filter(team=team).entitled().exists()


def decide(plan: PlanLimits, feature: str, *, in_use: int = 0, adding: int = 1) -> Decision:
    """Whether `plan` allows `feature`; for a limit, whether `adding` more fit beside the
    `in_use` the caller counted. Pure: no queries."""
    if feature not in FEATURES:
        return ALLOW  # not sold by plan: everyone has it
    if feature not in LIMITS:
        if plan.switched_on(feature):
            return ALLOW
        return _refuse(feature, _not_included(feature))
    limit = plan.limit(feature)
    if limit is None or in_use + adding <= limit:
        return ALLOW
    return _refuse(feature, _over_limit(feature, limit))


def team_can(team: Team, feature: str, *, in_use: int = 0, adding: int = 1) -> Decision:
    """Whether the team's plan allows `feature` (see `decide`)."""
    if feature not in FEATURES:
        return ALLOW
    return decide(plan_of(team), feature, in_use=in_use, adding=adding)


def any_team_can(teams: Iterable[Team], feature: str) -> Decision:
    """Whether at least one of these teams' plans includes switch `feature` (say, for something
    a person owns, like their verified phone, that any of their teams' plans may unlock): one
    query, however many teams."""
    if feature not in FEATURES:
        return ALLOW
    return decide(_best_plan(_held(team__in=list(teams))), feature)


def api_rate(team: Team) -> str:
    """Requests a minute each of the team's API keys may make ("600/min")."""
    return plan_of(team).api_rate


class _TeamPlans:
    """Billing's answers to what teams asks of a plan (`site_apps.teams.plan`), registered in
    `BillingConfig.ready()`: teams sits below billing and cannot import it."""

    def member_room(self, team: Team, *, in_use: int) -> Decision:
        return team_can(team, "members", in_use=in_use)

    def plan_slug(self, team: Team) -> str:
        return plan_of(team).slug


TEAM_PLANS = _TeamPlans()


def _over_limit(feature: str, limit: int) -> str:
    if feature == "members":
        text = ngettext(
            "Your team's plan includes %(limit)d member, invitations included, and the team "
            "has reached it.",
            "Your team's plan includes %(limit)d members, invitations included, and the team "
            "has reached them.",
            limit,
        )
    elif feature == "api_keys":
        text = ngettext(
            "Your team's plan includes %(limit)d active API key: revoke one first.",
            "Your team's plan includes %(limit)d active API keys: revoke one first.",
            limit,
        )
    else:  # upload_storage, in bytes
        return "{} {}".format(
            _("This would go over the %(limit)s of file storage your team's plan includes.")
            % {"limit": size_display(limit)},
            _("Upgrade the team's plan on its billing page to get more."),
        )
    return "{} {}".format(
        text % {"limit": limit}, _("Upgrade the team's plan on its billing page to get more.")
    )


def _not_included(feature: str) -> str:
    names = {
        "api_access": _("The API"),
        "sms_verification": _("Phone verification by SMS"),
        "uploads": _("File uploads"),
        "priority_support": _("Priority support"),
    }
    return _("%(feature)s is not included in your team's plan. Upgrade on its billing page.") % {
        "feature": names.get(feature, feature)
    }
