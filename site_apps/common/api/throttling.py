"""Fixed rate windows counted in the cache: the API's throttles and other per-caller limits
(the AI features', the A/B beacons') count hits here.

`cache.add` + `cache.incr` are atomic on Redis and in local memory, so concurrent requests are
all counted. The API's throttle classes are in `site_apps.api.throttling`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from rest_framework.request import Request

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


def remember_tightest(request: Request | HttpRequest, window: Window) -> None:
    """Keep the window with the fewest requests left on the request, for the headers."""
    django_request = request._request if isinstance(request, Request) else request
    current: Window | None = getattr(django_request, "api_ratelimit", None)
    if current is None or (window.remaining, -window.reset) < (current.remaining, -current.reset):
        django_request.api_ratelimit = window  # type: ignore[attr-defined]  # for the headers
