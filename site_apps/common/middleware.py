"""HTML pages' half of the error family's mapping (the API's is `site_apps/api/errors.py`).

A view that does not catch one of the site's own errors (`site_apps.common.errors`) answers a
page with the error's message and status instead of a 500. Views that show the refusal in
place (a form with its message) still catch it themselves.
"""

from __future__ import annotations

from collections.abc import Callable

import structlog
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from site_apps.common.errors import ApplicationError, ProviderError

logger = structlog.get_logger(__name__)


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            return None
        if isinstance(exception, ProviderError):
            logger.warning("provider_error", error=str(exception), path=request.path)
        return render(
            request,
            "application_error.html",
            {"message": exception.public_message},
            status=exception.http_status,
        )
