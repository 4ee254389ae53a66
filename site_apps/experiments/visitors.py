"""Which version of a tested page a visitor sees, with no cookie until they consent.

A visitor's key is, before consent, a hash of their IP address and browser (user agent) keyed
with a random salt that changes every day and is never stored in the database (the cache keeps
it for two days): it recognises the same browser for a day, cannot be reversed, and nothing is
stored on the visitor's device. With consent (`AB_CONSENT_COOKIE` holding `AB_CONSENT_VALUE`,
as a consent banner sets it; or always, when `AB_REQUIRE_CONSENT` is off), the key of that day
is kept in a first-party cookie (`lumen_ab`, HttpOnly, `AB_COOKIE_DAYS` days), so the visitor
keeps their version on later days.

The version is a keyed hash of the test and the key: the same visitor always gets the same
version, half of visitors get each, and no query is needed to choose it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle
from wagtail_ab_testing.models import AbTest
from wagtail_ab_testing.utils import request_is_trackable

COOKIE_NAME = "lumen_ab"
_KEY_SHAPE = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Assignment:
    test_id: int
    version: str  # AbTest.VERSION_CONTROL or AbTest.VERSION_VARIANT
    visitor: str  # the participant's hash for this test


def consent_given(request: HttpRequest) -> bool:
    if not settings.AB_REQUIRE_CONSENT:
        return True
    value = request.COOKIES.get(settings.AB_CONSENT_COOKIE, "")
    return settings.AB_CONSENT_VALUE in re.split(r"[\s,;|:+]+", value.lower())


def visitor_key(request: HttpRequest) -> str:
    stored = request.COOKIES.get(COOKIE_NAME, "")
    if _KEY_SHAPE.match(stored) and consent_given(request):
        return stored
    return daily_key(request)


def daily_key(request: HttpRequest) -> str:
    # DRF types get_ident for its own Request; it reads only META, which that one proxies.
    address = BaseThrottle().get_ident(Request(request)) or ""
    agent = request.META.get("HTTP_USER_AGENT", "")
    message = f"{request.get_host()}|{address}|{agent}".encode()
    return hmac.new(_daily_salt(), message, hashlib.sha256).hexdigest()[:32]


def _daily_salt() -> bytes:
    name = f"experiments:salt:{timezone.now():%Y-%m-%d}"
    salt = cache.get(name)
    if salt is None:
        # add() so that two processes starting the day at once agree on one salt.
        cache.add(name, secrets.token_hex(32), timeout=2 * 24 * 3600)
        salt = cache.get(name) or secrets.token_hex(32)
    return salt.encode()


def assign(request: HttpRequest, test_id: int) -> Assignment:
    """The version this visitor sees in this test; bots and Do-Not-Track get the control."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"ab:{test_id}:{visitor_key(request)}".encode(),
        hashlib.sha256,
    ).hexdigest()
    if not request_is_trackable(request):
        return Assignment(test_id, AbTest.VERSION_CONTROL, "")
    version = AbTest.VERSION_VARIANT if int(digest[0], 16) % 2 else AbTest.VERSION_CONTROL
    return Assignment(test_id, version, digest)


def remember(request: HttpRequest, response: HttpResponse) -> None:
    """Keep the visitor's key in a cookie, once consent allows it (and only then)."""
    if not consent_given(request) or _KEY_SHAPE.match(request.COOKIES.get(COOKIE_NAME, "")):
        return
    response.set_cookie(
        COOKIE_NAME,
        daily_key(request),
        max_age=settings.AB_COOKIE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
