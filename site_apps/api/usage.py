"""Usage analytics: requests counted in the cache on the request path, written to the database
later by `flush_usage`: the `flush_api_usage_task` task, queued by the API middleware once every
`API_USAGE_FLUSH_SECONDS` after a response has been sent, or the `flush_api_usage` command.

A counter is one (day, caller, team, endpoint, status class). Counting costs two or three
cache operations and no query: `cache.add` creates the counter (and, the first time, registers
it in the day's list of counters), `cache.incr` adds one; both are atomic, so concurrent
requests are all counted. The flush takes each counter's value away with `cache.decr` before
adding it to the `DailyUsage` row, so requests counted during a flush wait for the next one.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from site_apps.api.models import DailyUsage, TeamAPIKey
from site_apps.teams.models import Team

logger = logging.getLogger("api")

PREFIX = "apiusage"
FLUSH_LOCK = f"{PREFIX}:flush-lock"
FLUSH_DUE = f"{PREFIX}:flush-due"


@dataclass(frozen=True)
class Counter:
    day: str  # ISO date
    principal: str  # "key:<prefix>" or "user:<id>[@team:<id>]"
    endpoint: str  # "GET /teams/{team_slug}/"
    status_class: str  # "2xx"
    team_id: int | None = None
    key_id: str | None = None
    user_id: int | None = None

    @property
    def cache_key(self) -> str:
        digest = hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()
        return f"{PREFIX}:{self.day}:c:{digest[:32]}"


def registry_key(day: str) -> str:
    return f"{PREFIX}:{day}:n"


def slot_key(day: str, number: int) -> str:
    return f"{PREFIX}:{day}:slot:{number}"


def count_request(
    *,
    endpoint: str,
    status_code: int,
    key: TeamAPIKey | None = None,
    user_id: int | None = None,
    team_id: int | None = None,
    day: datetime.date | None = None,
) -> None:
    """Count one request of an API key (or else of a person) in the cache."""
    if key is not None:
        principal, team_id, user_id = f"key:{key.prefix}", key.team_id, None
    elif user_id is not None:
        principal = f"user:{user_id}" + (f"@team:{team_id}" if team_id else "")
    else:
        return
    counter = Counter(
        day=(day or timezone.localdate()).isoformat(),
        principal=principal,
        endpoint=endpoint[:120],
        status_class=f"{status_code // 100}xx",
        team_id=team_id,
        key_id=key.pk if key is not None else None,
        user_id=user_id,
    )
    timeout = settings.API_USAGE_CACHE_SECONDS
    if cache.add(counter.cache_key, 0, timeout=timeout):
        _register(counter, timeout)
    try:
        cache.incr(counter.cache_key)
    except ValueError:  # expired between add and incr: start again
        cache.add(counter.cache_key, 1, timeout=timeout)


def _register(counter: Counter, timeout: int) -> None:
    registry = registry_key(counter.day)
    cache.add(registry, 0, timeout=timeout)
    try:
        number = cache.incr(registry)
    except ValueError:
        return
    if isinstance(number, int):
        cache.set(slot_key(counter.day, number), asdict(counter), timeout=timeout)


def pending_counters(day: datetime.date) -> list[tuple[Counter, int]]:
    """The day's counters in the cache that hold requests not yet written."""
    iso = day.isoformat()
    total = cache.get(registry_key(iso)) or 0
    slots = cache.get_many([slot_key(iso, n) for n in range(1, int(total) + 1)])
    counters = [Counter(**fields) for fields in slots.values()]
    values = cache.get_many([c.cache_key for c in counters])
    return [(c, int(values[c.cache_key])) for c in counters if values.get(c.cache_key)]


def flush_is_due() -> bool:
    """True for one request per `API_USAGE_FLUSH_SECONDS` (0: never; flush from cron)."""
    interval = settings.API_USAGE_FLUSH_SECONDS
    return bool(interval) and cache.add(FLUSH_DUE, 1, timeout=interval)


def enqueue_flush() -> None:
    # imported here: tasks.py imports this module
    from site_apps.api.tasks import flush_api_usage_task

    try:
        flush_api_usage_task.enqueue()
    except Exception:  # never let analytics break a response that has already gone
        logger.exception("Could not queue the API usage flush")


def flush_usage(today: datetime.date | None = None) -> int:
    """Write the cached counters of the days still in the cache to `DailyUsage`; return how
    many requests were written. Only one flush runs at a time (a lock in the cache)."""
    if not cache.add(FLUSH_LOCK, 1, timeout=300):
        logger.info("API usage flush skipped: another one is running")
        return 0
    try:
        today = today or timezone.localdate()
        days = settings.API_USAGE_CACHE_SECONDS // 86400 + 1
        written = 0
        for back in range(days, -1, -1):
            for counter, value in pending_counters(today - datetime.timedelta(days=back)):
                written += _flush_one(counter, value)
        return written
    finally:
        cache.delete(FLUSH_LOCK)


def _flush_one(counter: Counter, value: int) -> int:
    cache.decr(counter.cache_key, value)
    try:
        _add_to_row(counter, value)
    except Exception:
        cache.incr(counter.cache_key, value)  # put it back for the next flush
        raise
    return value


def _add_to_row(counter: Counter, value: int) -> None:
    if counter.team_id and not Team.objects.filter(pk=counter.team_id).exists():
        return  # the team is gone, and its usage with it
    key_id = counter.key_id
    if key_id and not TeamAPIKey.objects.filter(pk=key_id).exists():
        key_id = None
    user_id = counter.user_id
    if user_id and not get_user_model().objects.filter(pk=user_id).exists():
        user_id = None
    identity = {
        "day": datetime.date.fromisoformat(counter.day),
        "principal": counter.principal,
        "endpoint": counter.endpoint,
        "status_class": counter.status_class,
    }
    with transaction.atomic():
        if DailyUsage.objects.filter(**identity).update(count=F("count") + value):
            return
        try:
            with transaction.atomic():
                DailyUsage.objects.create(
                    **identity,
                    team_id=counter.team_id,
                    api_key_id=key_id,
                    user_id=user_id,
                    count=value,
                )
        except IntegrityError:  # another flush made the row first
            DailyUsage.objects.filter(**identity).update(count=F("count") + value)
