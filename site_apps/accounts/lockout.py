"""How long failed sign-ins lock an address out, read from allauth's own counters.

allauth counts failed sign-ins per address and per IP (`ACCOUNT_RATE_LIMITS["login_failed"]`)
and only says "too many". The sign-in page and the API's JWT sign-in must also say until when,
with `Retry-After`: this reads the same counters (allauth's cache keys) to tell.
"""

from __future__ import annotations

import datetime
import math
import time
from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import get_adapter
from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.http import HttpRequest

ACTION = "login_failed"
APP = "allauth.account"


@dataclass(frozen=True)
class Lockout:
    seconds: int  # until one more try is allowed
    limit: int  # failed tries the tightest full window allows

    @property
    def until(self) -> datetime.datetime:
        return datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=self.seconds)


def login_lockout(request: HttpRequest, **credentials: Any) -> Lockout | None:
    """The lockout these credentials' address (or the client's IP) is under, if any."""
    key = get_adapter(request)._get_login_attempts_cache_key(request, **credentials)
    now = time.time()
    found: Lockout | None = None
    for rate in ratelimit.get_rates(app=APP, action=ACTION):
        cache_key = ratelimit.get_cache_key(request, app=APP, action=ACTION, rate=rate, key=key)
        recent = sorted(
            (stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration),
            reverse=True,
        )
        if len(recent) < rate.amount:
            continue
        seconds = max(1, math.ceil(recent[rate.amount - 1] + rate.duration - now))
        if found is None or seconds > found.seconds:
            found = Lockout(seconds=seconds, limit=rate.amount)
    return found
