"""Rate limits: fixed windows counted in the cache (Redis in production).

Each throttle counts one kind of caller: a team API key, a signed-in person (session or JWT),
or an anonymous client by IP address. Views name a scope (`throttle_scope`) for endpoints that
cost more, counted separately per caller. `cache.add` + `cache.incr` are atomic on Redis and
in local memory, so concurrent requests are all counted.

Every response carries the most restrictive window's `RateLimit-Limit`, `RateLimit-Remaining`
and `RateLimit-Reset` (seconds), set by `site_apps.api.middleware`; a 429 also carries
`Retry-After`. When Redis is down, the anonymous and token windows are counted in the database
(cms/cache.py); the others let requests through and send no RateLimit headers.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Window:
    """One throttle's state for this request, as the RateLimit headers tell it."""

    limit: int
    remaining: int
    reset: int  # seconds until the window starts again


def parse_rate(rate: str) -> tuple[int, int]:
    """'100/min' → (100, 60). The period's first letter decides: s, m, h or d."""
    count, _, period = rate.partition("/")
    return int(count), DURATIONS[period.strip()[0].lower()]


def count_hit(name: str, rate: str) -> tuple[bool, Window | None]:
    """Count one hit against `name` in the current window of `rate`; allowed while within it.

    With nothing counted (the cache is down) the hit is allowed and there is no window to tell.
    Shared with other rate limits than the API's (the AI features' per-person limit)."""
    limit, duration = parse_rate(rate)
    now = time.time()
    window = int(now // duration)
    key = f"{name}:{duration}:{window}"
    cache.add(key, 0, timeout=duration + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.add(key, 1, timeout=duration + 5)
        count = 1
    if not isinstance(count, int):  # the cache is down: let it through
        return True, None
    reset = max(1, math.ceil((window + 1) * duration - now))
    return count <= limit, Window(limit=limit, remaining=max(0, limit - count), reset=reset)


class CacheWindowThrottle(BaseThrottle):
    scope = ""

    def __init__(self) -> None:
        self.window: Window | None = None

    def rate_for(self, request: Any, view: Any) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)

    def ident(self, request: Any, view: Any) -> str | None:
        """Who is counted, or None when this throttle does not apply to the request."""
        raise NotImplementedError

    def allow_request(self, request: Any, view: Any) -> bool:
        rate = self.rate_for(request, view)
        ident = self.ident(request, view) if rate else None
        if not rate or ident is None:
            return True
        allowed, window = count_hit(f"throttle:{self.scope}:{ident}", rate)
        if window is None:
            # Nothing counted (the cache is down): let it through, and claim no RateLimit
            # headers. Sign-in limits (anon, token) are counted in the database meanwhile.
            return True
        self.window = window
        remember_tightest(request, window)
        return allowed

    def wait(self) -> float | None:
        return self.window.reset if self.window else None


def remember_tightest(request: Any, window: Window) -> None:
    """Keep the window with the fewest requests left on the request, for the headers."""
    django_request = getattr(request, "_request", request)
    current: Window | None = getattr(django_request, "api_ratelimit", None)
    if current is None or (window.remaining, -window.reset) < (current.remaining, -current.reset):
        django_request.api_ratelimit = window


def caller_ident(request: Any) -> str:
    """The key's prefix, the person's id, or the client's address."""
    key = getattr(request, "auth", None)
    if getattr(key, "prefix", None):
        return f"key:{key.prefix}"  # type: ignore[union-attr]
    if request.user and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{BaseThrottle().get_ident(request)}"


class KeyRateThrottle(CacheWindowThrottle):
    """Each key gets its team's plan's rate (billing/plans.py), capped by the site's own
    `API_RATE_KEY` (the operator's ceiling)."""

    scope = "key"

    def rate_for(self, request: Any, view: Any) -> str | None:
        from site_apps.billing import entitlements

        ceiling = super().rate_for(request, view)
        key = getattr(request, "auth", None)
        team = getattr(key, "team", None)
        if team is None:
            return ceiling
        plan_rate = entitlements.api_rate(team)
        if ceiling is None:
            return plan_rate
        return min(plan_rate, ceiling, key=lambda rate: parse_rate(rate)[0] / parse_rate(rate)[1])

    def ident(self, request: Any, view: Any) -> str | None:
        ident = caller_ident(request)
        return ident if ident.startswith("key:") else None


class UserRateThrottle(CacheWindowThrottle):
    scope = "user"

    def ident(self, request: Any, view: Any) -> str | None:
        ident = caller_ident(request)
        return ident if ident.startswith("user:") else None


class AnonRateThrottle(CacheWindowThrottle):
    scope = "anon"

    def ident(self, request: Any, view: Any) -> str | None:
        ident = caller_ident(request)
        return ident if ident.startswith("ip:") else None


class ScopedRateThrottle(CacheWindowThrottle):
    """For views with `throttle_scope` (and, optionally, `throttle_scope_methods`)."""

    def rate_for(self, request: Any, view: Any) -> str | None:
        self.scope = getattr(view, "throttle_scope", "") or ""
        methods = getattr(view, "throttle_scope_methods", None)
        if not self.scope or (methods and request.method not in methods):
            return None
        return settings.API_THROTTLE_RATES.get(self.scope)

    def ident(self, request: Any, view: Any) -> str | None:
        return caller_ident(request)
