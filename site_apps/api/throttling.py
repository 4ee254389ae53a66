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

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from site_apps.billing import entitlements
from site_apps.common.api.throttling import Window, count_hit, parse_rate, remember_tightest

if TYPE_CHECKING:
    # A type only: importing DRF's views reads its settings, which import our authentication.
    from rest_framework.views import APIView


class CacheWindowThrottle(BaseThrottle):
    scope = ""

    def __init__(self) -> None:
        self.window: Window | None = None

    def rate_for(self, request: Request, view: APIView) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)

    def ident(self, request: Request, view: APIView) -> str | None:
        """Who is counted, or None when this throttle does not apply to the request."""
        raise NotImplementedError

    def allow_request(self, request: Request, view: APIView) -> bool:
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


def caller_ident(request: Request) -> str:
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

    def rate_for(self, request: Request, view: APIView) -> str | None:
        ceiling = super().rate_for(request, view)
        key = getattr(request, "auth", None)
        team = getattr(key, "team", None)
        if team is None:
            return ceiling
        plan_rate = entitlements.api_rate(team)
        if ceiling is None:
            return plan_rate
        return min(plan_rate, ceiling, key=lambda rate: parse_rate(rate)[0] / parse_rate(rate)[1])

    def ident(self, request: Request, view: APIView) -> str | None:
        ident = caller_ident(request)
        return ident if ident.startswith("key:") else None


class UserRateThrottle(CacheWindowThrottle):
    scope = "user"

    def ident(self, request: Request, view: APIView) -> str | None:
        ident = caller_ident(request)
        return ident if ident.startswith("user:") else None


class AnonRateThrottle(CacheWindowThrottle):
    scope = "anon"

    def ident(self, request: Request, view: APIView) -> str | None:
        ident = caller_ident(request)
        return ident if ident.startswith("ip:") else None


class ScopedRateThrottle(CacheWindowThrottle):
    """For views with `throttle_scope` (and, optionally, `throttle_scope_methods`)."""

    def rate_for(self, request: Request, view: APIView) -> str | None:
        self.scope = getattr(view, "throttle_scope", "") or ""
        methods = getattr(view, "throttle_scope_methods", None)
        if not self.scope or (methods and request.method not in methods):
            return None
        return settings.API_THROTTLE_RATES.get(self.scope)

    def ident(self, request: Request, view: APIView) -> str | None:
        return caller_ident(request)
