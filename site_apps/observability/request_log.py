"""The request lines: `request_started`, then one closing line with the status actually sent.

django-structlog's `RequestMiddleware` sits after sessions and authentication, so its lines (and
every line the view writes) carry the user and the team. But it also wrote the closing line
from there, before the middleware listed above it had finished the answer: CommonMiddleware
turns a 404 into APPEND_SLASH's 301, LocaleMiddleware into a redirect to the visitor's
language, ConditionalGetMiddleware a 200 into a 304. And it logged an exception as `code: 500`
when Django reported it, before the site's handler500 had answered (503 when the database is
down, site_apps/security/views.py). So the work is split in two:

- `RequestLogMiddleware`, in django-structlog's place, binds the request's log context and
  writes `request_started`; it keeps that context, and the exception if one was raised, on the
  request instead of writing the closing line, and leaves the context bound (lines written on
  the way out carry it too) for RequestIdMiddleware to clear.
- `RequestFinishedMiddleware`, right after RequestIdMiddleware at the top of MIDDLEWARE, writes
  that line when every other middleware has answered: `request_finished` (a warning for 4xx, an
  error for 5xx) or `request_failed` with the traceback, under the same logger as before.

A request answered before it reached the request logger (a static file from WhiteNoise, a page
from the front page cache, a refusal of RequestGuardMiddleware) gets neither line, as before:
gunicorn's `access` line records it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, cast

import structlog
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django_structlog import signals
from django_structlog.middlewares.request import (
    RequestMiddleware,
    async_streaming_content_wrapper,
    logger,
    sync_streaming_content_wrapper,
)

# What RequestLogMiddleware leaves on the request for RequestFinishedMiddleware.
_CONTEXT = "_request_log_context"
_EXCEPTION = "_request_log_exception"


def level_for(status: int) -> int:
    """Failed requests stand out: the client's (4xx) as warnings, ours (5xx) as errors."""
    if status >= 500:
        return logging.ERROR
    if status >= 400:
        return logging.WARNING
    return logging.INFO


class RequestLogMiddleware(RequestMiddleware):
    """django-structlog's request middleware without its closing line."""

    def handle_response(self, request: HttpRequest, response: HttpResponse) -> None:
        self.bind_user_id(request)  # the view may have signed someone in or out
        setattr(request, _CONTEXT, structlog.contextvars.get_contextvars())

    def process_got_request_exception(
        self, sender: type[Any], request: HttpRequest, **kwargs: Any
    ) -> None:
        """Django reports an exception before handler500 has made the answer: keep the
        exception for the closing line (the first, when handling it raised another)."""
        exception = sys.exc_info()[1]
        if exception is None or isinstance(exception, Http404 | PermissionDenied):
            return
        if getattr(request, _EXCEPTION, None) is None:
            setattr(request, _EXCEPTION, exception)


class RequestFinishedMiddleware:
    """Writes the closing line of a request the request logger saw, with the final response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        context: dict[str, Any] | None = getattr(request, _CONTEXT, None)
        exception: Exception | None = getattr(request, _EXCEPTION, None)
        if context is None and exception is None:
            return response
        with structlog.contextvars.bound_contextvars(**(context or {})):
            self.log(request, response, exception)
        return response

    @staticmethod
    def log(request: HttpRequest, response: HttpResponse, exception: Exception | None) -> None:
        log_kwargs: dict[str, Any] = {
            "code": response.status_code,
            "request": RequestMiddleware.format_request(request),
        }
        if exception is not None:
            signals.bind_extra_request_failed_metadata.send(
                sender=RequestLogMiddleware,
                request=request,
                logger=logger,
                exception=exception,
                log_kwargs=log_kwargs,
            )
            logger.error("request_failed", exc_info=exception, **log_kwargs)
            return
        signals.bind_extra_request_finished_metadata.send(
            sender=RequestLogMiddleware,
            request=request,
            logger=logger,
            response=response,
            log_kwargs=log_kwargs,
        )
        logger.log(level_for(response.status_code), "request_finished", **log_kwargs)
        if isinstance(response, StreamingHttpResponse):
            context = structlog.contextvars.get_contextvars()
            if response.is_async:
                response.streaming_content = async_streaming_content_wrapper(
                    cast(AsyncIterator[bytes], response.streaming_content), context
                )
            else:
                response.streaming_content = sync_streaming_content_wrapper(
                    cast(Iterator[bytes], response.streaming_content), context
                )
