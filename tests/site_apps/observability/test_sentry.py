"""Sentry through the real sentry-sdk and its HTTP transport, against a local Sentry.

Requests go through Django's real WSGI handler (the one gunicorn calls), so the SDK's WSGI and
Django integrations run as in production.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings

from site_apps.observability import gateway
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.observability.conftest import TEST_URLS
from tests.site_apps.observability.sentry_server import SentryServer

EMAIL = "ada.lovelace@example.com"


@contextmanager
def connections_kept_open() -> Iterator[None]:
    """Like Django's test client: the test's transaction outlives the request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def wsgi_request(
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    cookies: dict[str, str] | None = None,
) -> tuple[str, dict[str, str]]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "REMOTE_ADDR": "203.0.113.7",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
    }
    setup_testing_defaults(environ)
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    if cookies:
        environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    status: list[str] = []
    response_headers: dict[str, str] = {}

    def start_response(code: str, items: list[tuple[str, str]], exc_info: Any = None) -> None:
        status.append(code)
        response_headers.update(items)

    with connections_kept_open():
        result = WSGIHandler()(environ, start_response)  # type: ignore[arg-type]  # no write()
        b"".join(result)
        result.close()
    return status[0], response_headers


def around(text: str, needle: str) -> str:
    """Where a string occurs in the envelopes, to tell which part of an event leaked it."""
    return " | ".join(
        text[max(0, m.start() - 120) : m.end() + 40] for m in re.finditer(re.escape(needle), text)
    )


def session_cookie_for(client, user) -> str:
    client.force_login(user)
    return client.cookies["sessionid"].value


def error_events(server: SentryServer, message: str) -> list[dict[str, Any]]:
    gateway.flush()
    return [
        event
        for event in server.events
        if any(
            value.get("value") == message for value in event.get("exception", {}).get("values", [])
        )
    ]


@pytest.mark.django_db
def test_an_error_event_carries_the_request_id_and_the_user_id_only(
    sentry, client, json_log, test_urls
):
    user = UserFactory(email=EMAIL)
    session = session_cookie_for(client, user)
    status, headers = wsgi_request(
        "/test/boom/?email=ada.lovelace@example.com&access=sekret-access-value&page=2",
        method="POST",
        body=b"email=ada.lovelace%40example.com&password=hunter2-password",
        headers={
            "X-Request-ID": "sentry-req-1",
            "Authorization": "Bearer sekret-bearer-token",
            "X-Forwarded-For": "198.51.100.23",
        },
        cookies={"sessionid": session, "csrftoken": "csrf-cookie-value"},
    )
    assert status.startswith("500")
    assert headers["X-Request-ID"] == "sentry-req-1"

    (event,) = error_events(sentry, "boom on purpose")
    assert event["tags"]["request_id"] == "sentry-req-1"
    assert event["user"] == {"id": str(user.pk)}
    assert event["environment"] == "test"
    assert event["release"] == "test-release"
    request = event["request"]
    for dropped in ("data", "cookies", "env"):
        assert dropped not in request
    # A credential in the query string is kept out, as in the logs; paging stays readable.
    assert request["query_string"] == "email=[REDACTED]&access=[REDACTED]&page=2"

    raw = sentry.raw_text()
    for personal in (
        EMAIL,
        "ada.lovelace%40example.com",
        "hunter2-password",
        "sekret-bearer-token",
        "sekret-access-value",
        session,
        "csrf-cookie-value",
        "203.0.113.7",
        "198.51.100.23",
    ):
        assert personal not in raw, f"{personal} was sent to Sentry: {around(raw, personal)}"


@pytest.mark.django_db
def test_the_email_goes_to_sentry_only_when_the_operator_enables_it(
    sentry, client, settings, test_urls
):
    settings.SENTRY_SEND_USER_EMAIL = True
    gateway.stop_sentry()
    gateway.start_sentry(dsn=sentry.dsn, environment="test", send_user_email=True)
    user = UserFactory(email=EMAIL)
    wsgi_request(
        "/test/boom/",
        headers={"X-Request-ID": "sentry-req-2"},
        cookies={"sessionid": session_cookie_for(client, user)},
    )
    (event,) = error_events(sentry, "boom on purpose")
    assert event["user"] == {"id": str(user.pk), "email": EMAIL}
    assert event["tags"]["request_id"] == "sentry-req-2"


@pytest.mark.django_db
def test_log_lines_carry_the_trace_id_of_the_requests_sentry_event(sentry, json_log, test_urls):
    wsgi_request("/test/boom/", headers={"X-Request-ID": "sentry-req-3"})
    (event,) = error_events(sentry, "boom on purpose")
    trace_id = event["contexts"]["trace"]["trace_id"]

    (about_to_fail,) = json_log.events("about_to_fail")
    assert about_to_fail["request_id"] == "sentry-req-3"
    assert about_to_fail["trace_id"] == trace_id
    (transaction,) = [t for t in sentry.of_type("transaction") if t["transaction"] == "/test/boom/"]
    assert transaction["contexts"]["trace"]["trace_id"] == trace_id
    assert transaction["tags"]["request_id"] == "sentry-req-3"


@pytest.mark.django_db
def test_health_probes_are_never_traced(sentry):
    with override_settings(ROOT_URLCONF=TEST_URLS):
        wsgi_request("/health/live/")
        wsgi_request("/test/boom/")
    gateway.flush()
    names = [t["transaction"] for t in sentry.of_type("transaction")]
    assert "/test/boom/" in names
    assert not any(name.startswith("/health/") for name in names)


@pytest.mark.django_db
def test_a_task_that_fails_reports_the_request_that_queued_it(sentry, client, test_urls):
    response = client.get("/test/enqueue/?fail=1&marker=t1", HTTP_X_REQUEST_ID="sentry-req-4")
    assert response.status_code == 200
    gateway.flush()
    (event,) = [
        e for e in sentry.events if "task_failed" in e.get("logentry", {}).get("message", "")
    ]
    assert event["tags"]["request_id"] == "sentry-req-4"
    assert event["tags"]["task_id"] == response.json()["task_id"]
    assert event["level"] == "error"


def test_without_a_dsn_nothing_starts_and_nothing_is_sent():
    assert gateway.start_sentry(dsn="", environment="production") is False
    assert gateway.current_trace_ids() == {}


def test_events_in_the_envelope_are_plain_json():
    # The local server's parser handles what the SDK sends: a sanity check of the test double.
    from tests.site_apps.observability.sentry_server import parse_envelope

    body = b'{"event_id":"1"}\n{"type":"event","length":13}\n{"message":1}\n'
    assert parse_envelope(body) == [({"type": "event", "length": 13}, {"message": 1})]
