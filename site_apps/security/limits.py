"""Rate limits for the public forms (contact, newsletter): per client IP and per address.

Fixed windows counted in the cache (Redis in production; in the database while Redis is away,
as their keys start with "limit:", see cms/cache.py). The numbers are in `FORM_LIMITS`
(cms/settings/base.py) and docs/security.md. The IP is the one allauth's sign-in limits use.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return str(get_adapter(request).get_client_ip(request))


def _count(key: str, seconds: int) -> int | None:
    cache.add(key, 0, timeout=seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, timeout=seconds + 5)
        count = 1
    return count if isinstance(count, int) else None


def retry_after(form: str, request: HttpRequest, address: str = "") -> int | None:
    """Count one submission of `form` from this client (and for this address, when given);
    the seconds to wait when either is over its limit, else None."""
    limits: dict[str, Any] = settings.FORM_LIMITS[form]
    now = time.time()
    waits = []
    for per, ident in (("ip", client_ip(request)), ("address", address.strip().lower())):
        if not ident or per not in limits:
            continue
        allowed, seconds = limits[per]
        window = int(now // seconds)
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        count = _count(f"limit:{form}:{per}:{digest}:{window}", seconds)
        if count is not None and count > allowed:
            waits.append(max(1, math.ceil((window + 1) * seconds - now)))
    return max(waits) if waits else None
