"""Reads shared by the API and the admin: keys and usage of a team, one query each."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet, Sum

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


def usage_by_day(team: Team, since: datetime.date, until: datetime.date) -> list[dict[str, object]]:
    """Requests per day from `since` to `until`, every day present (zeros included), with
    counts per status class: one query."""
    rows = (
        DailyUsage.objects.filter(team=team, day__gte=since, day__lte=until)
        .order_by()
        .values_list("day", "status_class")
        .annotate(requests=Sum("count"))
    )
    days: dict[datetime.date, dict[str, int]] = {}
    for day, status_class, requests in rows:
        days.setdefault(day, {})[status_class] = int(requests or 0)
    span = (until - since).days + 1
    out: list[dict[str, object]] = []
    for offset in range(span):
        day = since + datetime.timedelta(days=offset)
        by_status = days.get(day, {})
        out.append({"day": day, "requests": sum(by_status.values()), "by_status": by_status})
    return out
