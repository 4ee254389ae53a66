"""The one question the rest of the code asks about billing: may this team use a paid feature?

Gate paid features with `team_can(team, "feature")` (or `team_has_active_subscription`), never
by reading subscription rows directly, so what "paid" means is decided here only.
"""

from __future__ import annotations

from collections.abc import Iterable

from site_apps.billing.models import Subscription
from site_apps.teams.models import Team

# Features only subscribed teams get. To sell features per plan, map them to Stripe product
# ids here and compare with the subscription's `product_stripe_id`.
PAID_FEATURES = frozenset({"api_access", "sms_verification", "priority_support"})


def team_has_active_subscription(team: Team) -> bool:
    """Active, trialing, or past due while Stripe still retries the payment: one query."""
    return Subscription.objects.filter(team=team).entitled().exists()


def team_can(team: Team, feature: str) -> bool:
    """Whether the team may use `feature`; features not listed as paid are free for everyone."""
    if feature not in PAID_FEATURES:
        return True
    return team_has_active_subscription(team)


def any_team_can(teams: Iterable[Team], feature: str) -> bool:
    """Whether at least one of these teams may use `feature` (say, for something a person owns,
    like their verified phone, that any of their teams' plans may unlock): one query, however
    many teams."""
    if feature not in PAID_FEATURES:
        return True
    return Subscription.objects.filter(team__in=list(teams)).entitled().exists()
