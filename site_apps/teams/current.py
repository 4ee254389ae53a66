"""The team a person is acting as, kept in their session and chosen with the team switcher."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from site_apps.teams.models import Membership, Team

SESSION_KEY = "current_team_id"


def remember_team(request: HttpRequest, team: Team) -> None:
    request.session[SESSION_KEY] = team.pk


def pick_current(memberships: list[Membership], request: HttpRequest) -> Membership | None:
    """The membership of the remembered team, or the first one when none is remembered (or
    the person has left it since): no query, it chooses from the list it is given."""
    remembered: Any = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.team_id == remembered:
            return membership
    return memberships[0] if memberships else None
