"""Reads shared by the API and the admin: keys and usage of a team, one query each."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

from site_apps.api.models import DailyUsage, TeamAPIKey
from site_apps.teams.models import Team


def team_keys(team: Team) -> QuerySet[TeamAPIKey]:
    return TeamAPIKey.objects.filter(team=team).select_related("created_by")


@dataclass(frozen=True)
class KeyRow:
    """A key as the team's dashboard lists it, with its recorded use."""

    key: TeamAPIKey
    last_used: datetime.date | None
    requests_30_days: int


def team_keys_with_usage(team: Team) -> list[KeyRow]:
    """The team's keys, newest first, with the last day each was used and its requests over
    the last 30 days (as flushed from the counters, so today's lag a little): two queries."""
    since = timezone.localdate() - datetime.timedelta(days=29)
    rows = (
        DailyUsage.objects.filter(team=team, api_key__isnull=False)
        .order_by()
        .values_list("api_key")
        .annotate(last=Max("day"), recent=Sum("count", filter=Q(day__gte=since)))
    )
    usage: dict[Any, tuple[Any, Any]] = {key_id: (last, recent) for key_id, last, recent in rows}
    out = []
    for key in team_keys(team):
        last, recent = usage.get(key.pk, (None, 0))
        out.append(KeyRow(key=key, last_used=last, requests_30_days=int(recent or 0)))
    return out


def active_key_count(team: Team) -> int:
    """Keys that still work (not revoked, not expired): what the plan's `api_keys` counts."""
    return (
        TeamAPIKey.objects.filter(team=team, revoked=False)
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gt=timezone.now()))
        .count()
    )


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
