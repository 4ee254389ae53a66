"""The team's plan, as teams asks about it: room for one more member, and the plan's name.

Billing decides what a plan gives (`site_apps/billing/entitlements.py`), but billing sits above
teams in the layers (pyproject's import contracts), so teams cannot import it. Instead billing
registers its answers here in its `AppConfig.ready()` (`register(...)`), and teams asks through
`member_room()` and `plan_slug()`. Without a registration (billing not installed) a team has no
seat limit and no plan name.
"""

from __future__ import annotations

from typing import Protocol

from site_apps.teams.models import Team
from site_apps.teams.policy import ALLOW, Decision, TeamPermissionDenied


class PlanLimitReached(TeamPermissionDenied):
    """The team's plan does not allow this (any more): upgrading would."""

    code = "plan_limit_reached"
    http_status = 402  # paying more would allow it

    def __init__(self, reason: str, *, feature: str) -> None:
        super().__init__(reason)
        self.feature = feature


class TeamPlans(Protocol):
    """What teams needs to know of a team's plan (billing's entitlements provide it)."""

    def member_room(self, team: Team, *, in_use: int) -> Decision:
        """Whether one more member fits beside the `in_use` seats (members and pending
        invitations); its `require()` raises `PlanLimitReached` when not."""
        ...

    def plan_slug(self, team: Team) -> str:
        """The slug of the plan the team is on ("starter", "team"...)."""
        ...


class _NoPlans:
    """No billing: every team has room, and no plan."""

    def member_room(self, team: Team, *, in_use: int) -> Decision:
        return ALLOW

    def plan_slug(self, team: Team) -> str:
        return ""


_plans: TeamPlans = _NoPlans()


def register(plans: TeamPlans) -> None:
    """Called once by the app that sells plans (billing's `AppConfig.ready()`)."""
    global _plans
    _plans = plans


def member_room(team: Team, *, in_use: int) -> Decision:
    """Whether the team's plan has room for one more member beside `in_use` seats."""
    return _plans.member_room(team, in_use=in_use)


def plan_slug(team: Team) -> str:
    """The slug of the team's plan ("" when no app sells plans)."""
    return _plans.plan_slug(team)
