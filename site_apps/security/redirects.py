"""Where a `next` parameter may send someone: our own site only, and no control characters.

Django's `url_has_allowed_host_and_scheme` checks the host and the scheme; a `next` holding a
control character (a NUL, a newline) still passed it and failed later, as a 500 or a broken
redirect. Every `next` (sign-in, the newsletter form, the team switcher) goes through here.
"""

from __future__ import annotations

import unicodedata

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

MAX_LENGTH = 2000


def has_control_characters(url: str) -> bool:
    return any(unicodedata.category(char)[0] == "C" for char in url)


def is_safe_next(url: str | None, request: HttpRequest) -> bool:
    """True when `url` is an address on the request's own host (over HTTPS when the request
    came over HTTPS) with no control characters."""
    if not url or len(url) > MAX_LENGTH or has_control_characters(url):
        return False
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
