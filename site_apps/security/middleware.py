"""Guards in front of every view: refuse what no view should have to handle.

- A body declared larger than `DATA_UPLOAD_MAX_MEMORY_SIZE` (multipart uploads aside, whose
  files have their own limits) is refused with 413 before it is read; Django's own
  `RequestDataTooBig`, raised when a view reads an oversized body, becomes 413 too (it was a
  400 page, and a 500 in the API).
- A NUL character in the path, the query string or a header is refused with 400: PostgreSQL
  cannot hold one, so a lookup by such a value would fail with a 500.
- The database, unreachable or too slow (its timeouts fired), answers 503 with Retry-After:
  see `site_apps.security.views.server_error`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from site_apps.security.responses import refusal


def too_large(request: HttpRequest) -> HttpResponse:
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return refusal(
        request,
        413,
        "request_too_large",
        _("The request body is too large: send at most %(size)s MB.") % {"size": f"{limit_mb:g}"},
        title=_("Too large"),
    )


def has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "").lower():
        return True
    return any(
        "\x00" in value
        for name, value in request.META.items()
        if name.startswith("HTTP_") and isinstance(value, str)
    )


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            return refusal(
                request,
                400,
                "bad_request",
                _("The address or a header holds a NUL character."),
                title=_("Bad request"),
            )
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return refusal(
                request, 400, "bad_request", _("Content-Length is not a number of bytes.")
            )
        multipart = request.content_type == "multipart/form-data"
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit and not multipart:
            return too_large(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return too_large(request)
        return None
