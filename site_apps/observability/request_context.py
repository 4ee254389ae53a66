"""Request ids and the log context of a request: who and what every log line is about.

`RequestIdMiddleware` (first in MIDDLEWARE) takes a safe incoming `X-Request-ID` or makes one,
binds it to the log context and returns it on every response. The request logger
(django-structlog's, in `request_log.py`), later in the stack, then binds the user id and logs
the request; the receivers here add the team id (when the request has one) and, when allowed,
the user's email for Sentry.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_structlog import signals

from site_apps.observability import gateway

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_MAX_LENGTH = 128
# Letters, digits and . _ : - cover UUIDs, hex ids and the ids proxies and load balancers make;
# anything else (spaces, quotes, control characters, markup) could forge or break log lines.
SAFE_REQUEST_ID = re.compile(rf"[A-Za-z0-9._:-]{{1,{REQUEST_ID_MAX_LENGTH}}}")
# Where a team-aware request keeps the current team when it is not on `request.team`: the
# teams app's session key (site_apps.teams.current.SESSION_KEY, not imported so this app does
# not depend on teams).
TEAM_SESSION_KEY = "current_team_id"

security_log = structlog.get_logger("security.request_id")


def new_request_id() -> str:
    return uuid.uuid4().hex


def safe_request_id(incoming: str | None) -> str:
    """The incoming id when it is safe to log and echo, otherwise a fresh one."""
    if incoming and SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return new_request_id()


class RequestIdMiddleware:
    """Gives every request an id, in its log lines, its Sentry events, its tasks and its response.

    Goes first in MIDDLEWARE, so even redirects and errors from later middleware carry it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID")
        request_id = safe_request_id(incoming)
        # django-structlog trusts this header (DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID), so it
        # must only ever hold the checked value.
        request.META["HTTP_X_REQUEST_ID"] = request_id
        request.request_id = request_id  # type: ignore[attr-defined]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        gateway.tag_request(request_id)
        if incoming is not None and incoming != request_id:
            security_log.info(
                "request_id_replaced",
                reason="too long" if len(incoming) > REQUEST_ID_MAX_LENGTH else "unsafe characters",
                length=len(incoming),
            )
        try:
            response = self.get_response(request)
        finally:
            structlog.contextvars.clear_contextvars()
        response[REQUEST_ID_HEADER] = request_id
        return response


def team_id_of(request: HttpRequest) -> str | None:
    """The id of the team the request acts for, when the teams app has set one.

    The seam for the teams app: it sets `request.team` (or keeps the id in the session under
    TEAM_SESSION_KEY) and every log line of the request carries `team_id` from then on.
    """
    team = getattr(request, "team", None)
    if team is not None:
        return str(getattr(team, "pk", team))
    session = getattr(request, "session", None)
    if session is None:
        return None
    accessed = session.accessed
    value = session.get(TEAM_SESSION_KEY)
    session.accessed = accessed  # looking must not add `Vary: Cookie` to public pages
    return None if value is None else str(value)


def bind_team(request: HttpRequest, **kwargs: Any) -> None:
    """django-structlog receiver: add the team to the request's log context when known."""
    team_id = team_id_of(request)
    if team_id is not None:
        structlog.contextvars.bind_contextvars(team_id=team_id)


def identify_user_for_sentry(request: HttpRequest, **kwargs: Any) -> None:
    """django-structlog receiver: give Sentry the user's email too, when the operator allows it."""
    if settings.SENTRY_SEND_USER_EMAIL:
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        gateway.identify_user(
            user_id=str(user.pk) if authenticated else None,  # type: ignore[union-attr]
            email=getattr(user, "email", None) if authenticated else None,
        )


def connect_signals() -> None:
    signals.bind_extra_request_metadata.connect(bind_team, dispatch_uid="observability.team")
    signals.bind_extra_request_finished_metadata.connect(
        bind_team, dispatch_uid="observability.team.finished"
    )
    signals.bind_extra_request_metadata.connect(
        identify_user_for_sentry, dispatch_uid="observability.sentry_user"
    )
