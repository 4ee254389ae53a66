"""Access tokens end at sign-out: a short deny list of "signed out at" moments per person.

A JWT access token is valid until it expires (10 minutes) by design; signing out blacklists the
refresh token (simplejwt's token_blacklist) but cannot reach access tokens already handed out.
So signing out (the API's /auth/logout/, or the site's sign-out) also notes the moment, per
person, in the cache for as long as an access token lives; any access token issued before that
moment is refused. Tokens issued afterwards, on any device, keep working, even within the same
second: the moment is kept to the microsecond, and so is our access tokens' `iat`
(`site_apps.api.tokens`). A whole-second `iat` (a token made by plain simplejwt) is refused in
the sign-out's own second: the safe side. The note is one of the cache's durable keys
(cms/cache.py): it holds while Redis is away.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from site_apps.common.users import Person


def _key(user_id: int | str) -> str:
    return f"jwt:signed-out:{user_id}"


def sign_out_tokens(user_id: int | str) -> None:
    """Refuse every access token this person holds now."""
    lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()
    cache.set(_key(user_id), time.time(), timeout=int(lifetime) + 60)


def issued_before_sign_out(user_id: int | str, issued_at: object) -> bool:
    signed_out_at = cache.get(_key(user_id))
    if signed_out_at is None:
        return False
    if not isinstance(issued_at, int | float) or isinstance(issued_at, bool):
        return True
    if isinstance(issued_at, int):  # whole seconds: it may have been made later in that second
        return issued_at <= int(signed_out_at)
    return issued_at <= signed_out_at


def on_site_sign_out(
    sender: object, request: HttpRequest | None, user: Person | None, **kwargs: Any
) -> None:
    """`user_logged_out` receiver: signing out of the site signs out the API's tokens too."""
    if user is not None and user.pk is not None:
        sign_out_tokens(user.pk)
