"""The one module that talks to Sentry (sentry-sdk).

The entry points (cms/wsgi.py, cms/asgi.py, manage.py, the image's release) call
`start_sentry_from_settings()` before Django loads the apps; it does nothing without a DSN.
Events carry the request id (and task id, team id) as tags and the user as an id only: no email
unless the operator enables it, no IP address, cookies or request bodies. Log lines get the trace
id through `current_trace_ids()`, so a log line and a Sentry event of the same request find each
other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sentry_sdk
import structlog
from django.conf import settings

from site_apps.observability.logging_config import redact_query_string, redact_text

# Keys of the log context that become Sentry tags, so an event can be searched by them.
TAGGED_CONTEXT = ("request_id", "task_id", "team_id")
# Paths never traced: probes arrive every few seconds and say nothing about users.
UNTRACED_PATH_PREFIXES = ("/health/",)
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Event fields that hold source code or identifiers, never data: left unscrubbed.
UNSCRUBBED_KEYS = frozenset(
    {
        "pre_context",
        "context_line",
        "post_context",
        "abs_path",
        "filename",
        "module",
        "function",
        "event_id",
        "trace_id",
        "span_id",
        "parent_span_id",
        "release",
        "environment",
        "sdk",
    }
)
# Besides Sentry's own denylist (passwords, tokens, cookies...): personal data in local variables
# and extra data (emails too, unless the operator lets Sentry have them).
EXTRA_DENYLIST = ["phone", "phone_number", "ip", "ip_address", "address"]


def start_sentry(
    *,
    dsn: str,
    environment: str,
    release: str | None = None,
    traces_sample_rate: float = 0.0,
    profiles_sample_rate: float = 0.0,
    send_user_email: bool = False,
    transport: Any = None,
) -> bool:
    """Turn error reporting and tracing on when a DSN is given; say whether it is on.

    `release` falls back to sentry-sdk's own guess (SENTRY_RELEASE, then the git commit).
    """
    if not dsn:
        return False
    # imported here: only once Sentry starts (the settings import this module, and
    # Sentry's Django integration loads Django's request machinery)
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration, ignore_logger
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

    # A host name not in ALLOWED_HOSTS is a scanner, not a bug: Django logs it as an error.
    ignore_logger("django.security.DisallowedHost")
    options: dict[str, Any] = {
        "dsn": dsn,
        "environment": environment,
        "traces_sampler": _traces_sampler(traces_sample_rate),
        "profiles_sample_rate": profiles_sample_rate,
        # send_default_pii stays unset, which is off (the SDK now warns when it is passed at all):
        # no user details, cookies, IP addresses or sensitive headers from the integrations.
        # Bodies are where forms put emails, names and phone numbers; the request id is enough
        # to find the request in the logs.
        "max_request_body_size": "never",
        "event_scrubber": EventScrubber(
            denylist=[*DEFAULT_DENYLIST, *EXTRA_DENYLIST, *(() if send_user_email else ("email",))],
            recursive=True,
        ),
        "before_send": _before_send(send_user_email),
        "before_send_transaction": _before_send(send_user_email),
        "integrations": [
            DjangoIntegration(transaction_style="url"),
            LoggingIntegration(),
        ],
    }
    if release:
        options["release"] = release
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(**options)
    return True


def start_sentry_from_settings() -> bool:
    """Start Sentry as the SENTRY_* settings say (cms/settings/integrations/sentry.py).

    Called by each entry point before `django.setup()`, so an app that fails to load, or a
    gunicorn worker that fails to boot, is reported too. Reading a setting loads the settings
    module: production's refusal to start (naming every bad variable) comes first.
    """
    return start_sentry(
        dsn=settings.SENTRY_DSN,
        environment=settings.SENTRY_ENVIRONMENT,
        release=settings.SENTRY_RELEASE,
        traces_sample_rate=settings.SENTRY_TRACES_SAMPLE_RATE,
        profiles_sample_rate=settings.SENTRY_PROFILES_SAMPLE_RATE,
        send_user_email=settings.SENTRY_SEND_USER_EMAIL,
    )


def stop_sentry() -> None:
    """Flush what is queued and switch reporting off (tests, and processes shutting down)."""
    client = sentry_sdk.get_client()
    if client.is_active():
        client.flush(timeout=5)
        client.close()
    sentry_sdk.get_global_scope().set_client(None)  # the SDK's no-op client: nothing is sent


def flush(timeout: float = 5) -> None:
    sentry_sdk.flush(timeout=timeout)


def identify_user(*, user_id: str | None, email: str | None) -> None:
    """Name the request's user to Sentry with their email (only called when that is allowed)."""
    if not sentry_sdk.get_client().is_active():
        return
    sentry_sdk.set_user({"id": user_id, "email": email} if user_id else None)


def tag_request(request_id: str) -> None:
    """Tag the request's Sentry scope, which its transaction (finished after the log context
    is gone) and every event of the request inherit."""
    if sentry_sdk.get_client().is_active():
        sentry_sdk.set_tag("request_id", request_id)


def current_trace_ids() -> dict[str, str]:
    """The current Sentry trace and span ids, or nothing when Sentry is off."""
    if not sentry_sdk.get_client().is_active():
        return {}
    traceparent = sentry_sdk.get_traceparent()
    if not traceparent:
        return {}
    trace_id, span_id, *_ = traceparent.split("-")
    return {"trace_id": trace_id, "span_id": span_id}


def _traces_sampler(rate: float) -> Callable[[dict[str, Any]], float]:
    def sample(context: dict[str, Any]) -> float:
        environ = context.get("wsgi_environ") or {}
        scope = context.get("asgi_scope") or {}
        path = environ.get("PATH_INFO") or scope.get("path") or ""
        if path.startswith(UNTRACED_PATH_PREFIXES):
            return 0.0
        parent = context.get("parent_sampled")
        return float(parent) if parent is not None else rate

    return sample


def _before_send(send_user_email: bool) -> Callable[[dict[str, Any], dict[str, Any]], Any]:
    def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
        context = structlog.contextvars.get_contextvars()
        tags = event.setdefault("tags", {})
        for key in TAGGED_CONTEXT:
            if context.get(key) is not None:
                tags[key] = str(context[key])

        user = dict(event.get("user") or {})
        if context.get("user_id") is not None:
            user.setdefault("id", str(context["user_id"]))
        for key in ("ip_address", "username", *(() if send_user_email else ("email",))):
            user.pop(key, None)
        if user.get("id"):
            event["user"] = user
        else:
            event.pop("user", None)

        request = event.get("request")
        if isinstance(request, dict):
            for key in ("cookies", "data", "env"):
                request.pop(key, None)
            if isinstance(request.get("query_string"), str):  # ?access=..., ?code=...
                request["query_string"] = redact_query_string(request["query_string"])
        return _scrub(event, send_user_email)

    return before_send


def _scrub(value: Any, send_user_email: bool, depth: int = 0) -> Any:
    """Secrets and (unless allowed) email addresses out of every string an event carries: log
    messages and breadcrumbs, query strings, local variables (`<WSGIRequest: GET '/?email=..'>`).
    Source lines are left as they are."""
    if isinstance(value, str):
        value = redact_text(value)
        return value if send_user_email else EMAIL_ADDRESS.sub("[email]", value)
    if depth > 12:
        return value
    if isinstance(value, dict):
        return {
            key: item if key in UNSCRUBBED_KEYS else _scrub(item, send_user_email, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub(item, send_user_email, depth + 1) for item in value]
    return value
