"""gzip for HTML and JSON that hold no secret (BREACH).

BREACH recovers a secret from a compressed response's length when the same body also reflects
something an attacker chose. So a body is compressed only when it cannot hold a secret of the
visitor's: a response cacheable by anyone (`Cache-Control: public`), or one answering a request
that carried no credentials (no session cookie, no Authorization header) and that sets no
cookie (a CSRF token issued in the body renews its cookie). Signed-in pages, forms with a token
and API answers to a key go uncompressed. Static files are compressed ahead of time by
WhiteNoise (Brotli and gzip), which answers before this middleware.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


def may_hold_a_secret(request: HttpRequest, response: HttpResponseBase) -> bool:
    if "public" in response.get("Cache-Control", ""):
        return False
    return bool(
        response.cookies
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


class GZipWithoutSecretsMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if may_hold_a_secret(request, response):
            return response
        return super().process_response(request, response)
