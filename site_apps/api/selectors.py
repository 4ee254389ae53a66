"""Reads shared by the API and the admin: keys and usage of a team, one query each."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from site_apps.api.models import DailyUsage, TeamAPIKey
from site_apps.teams.models import Team


def team_keys(team: Team) -> QuerySet[TeamAPIKey]:
    return TeamAPIKey.objects.filter(team=team).select_related("created_by")


def team_usage(
    team: Team, *, since: datetime.date | None = None, until: datetime.date | None = None
) -> QuerySet[DailyUsage]:
    rows = DailyUsage.objects.filter(team=team).select_related("api_key", "user")
    if since:
        rows = rows.filter(day__gte=since)
    if until:
        rows = rows.filter(day__lte=until)
    return rows
