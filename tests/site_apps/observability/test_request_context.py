"""Request ids: one per request, safe, on every response and every log line of the request."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from site_apps.observability.request_context import safe_request_id
from tests.site_apps.accounts.factories import UserFactory

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.mark.parametrize(
    "incoming",
    [
        "3f1c2a9e-77b4-4f0e-9d6a-0d2c8f4e5a11",  # a UUID, as most proxies send
        "a1b2c3d4e5f60718293a4b5c6d7e8f90",  # nginx's $request_id
        "Root-1.abc_def:42",
        "x" * 128,
    ],
)
def test_a_safe_incoming_id_is_kept_and_returned(client, incoming):
    response = client.get("/health/live/", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming",
    [
        "x" * 129,  # too long
        "abc\r\nX-Injected: 1",  # header / log line injection
        "abc\x00def",
        "abc\x1b[31mred",  # terminal escape
        'abc" onmouseover="x',
        "a b",
        "",
        "ünïcode",
    ],
)
def test_an_unsafe_incoming_id_is_replaced_by_a_fresh_one(client, incoming, json_log):
    response = client.get("/health/live/", HTTP_X_REQUEST_ID=incoming)
    returned = response["X-Request-ID"]
    assert GENERATED.fullmatch(returned), returned
    assert incoming not in json_log.text or not incoming
    (replaced,) = json_log.events("request_id_replaced")
    assert replaced["request_id"] == returned
    assert replaced["logger"] == "security.request_id"
    assert replaced["length"] == len(incoming)


def test_without_an_incoming_id_each_request_gets_its_own(client):
    first = client.get("/health/live/")["X-Request-ID"]
    second = client.get("/health/live/")["X-Request-ID"]
    assert GENERATED.fullmatch(first)
    assert GENERATED.fullmatch(second)
    assert first != second


def test_safe_request_id_never_returns_what_it_refuses():
    assert safe_request_id("ok-id") == "ok-id"
    assert safe_request_id(None) != safe_request_id(None)
    assert GENERATED.fullmatch(safe_request_id("bad id"))


@pytest.mark.django_db
def test_every_kind_of_response_carries_the_id(home_page, test_urls):
    client = Client(raise_request_exception=False)
    cases = {
        "/": 200,
        "/no-such-page/": 404,
        "/admin": 301,  # CommonMiddleware's slash redirect, before any view
        "/admin/": 302,  # login required
        "/observability/sentry/webhook/": 405,
        "/test/boom/": 500,
    }
    for path, status in cases.items():
        response = client.get(path, HTTP_X_REQUEST_ID=f"case-{status}")
        assert response.status_code == status, path
        assert response["X-Request-ID"] == f"case-{status}", path


@pytest.mark.django_db
def test_every_log_line_of_a_request_carries_its_id_and_the_user(
    client, home_page, json_log, test_urls
):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/test/team/", HTTP_X_REQUEST_ID="trace-me-123")
    assert response["X-Request-ID"] == "trace-me-123"

    lines = json_log.lines
    assert {line["event"] for line in lines} >= {
        "request_started",
        "inside_team_view",
        "request_finished",
    }
    assert all(line["request_id"] == "trace-me-123" for line in lines), lines
    assert all(line["user_id"] == user.pk for line in lines), lines
    # The view set request.team (as the teams app will): the closing line names the team.
    (finished,) = json_log.events("request_finished")
    assert finished["team_id"] == "7"
    assert finished["code"] == 200


@pytest.mark.django_db
def test_a_team_kept_in_the_session_is_bound_from_the_first_line(client, json_log):
    user = UserFactory()
    client.force_login(user)
    session = client.session
    session["current_team_id"] = 42
    session.save()
    client.get("/health/ready/")
    client.get("/no-such-page/")
    (started,) = json_log.events("request_started")
    assert started["team_id"] == "42"


@pytest.mark.django_db
def test_context_does_not_leak_from_one_request_into_the_next(client, json_log, test_urls):
    client.get("/test/team/", HTTP_X_REQUEST_ID="first-request")
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="second-request")
    second = [line for line in json_log.lines if line.get("request") == "GET /no-such-page/"]
    assert second
    assert all(line["request_id"] == "second-request" for line in second)
    assert all("team_id" not in line for line in second)


@pytest.mark.django_db
def test_djangos_own_lines_about_a_failed_request_carry_its_id(client, home_page, json_log):
    """Django logs "Not Found: …", "Unauthorized: …" after the whole middleware stack has
    answered, when the request's log context has already been cleared."""
    cases = [
        ("get", "/no-such-page/", "Not Found: /no-such-page/"),
        ("get", "/api/v1/me/", "Unauthorized: /api/v1/me/"),
        ("post", "/api/v1/auth/token/", "Bad Request: /api/v1/auth/token/"),
    ]
    for number, (method, path, message) in enumerate(cases):
        response = getattr(client, method)(
            path, data={}, content_type="application/json", HTTP_X_REQUEST_ID=f"failed-{number}"
        )
        lines = [line for line in json_log.lines if line["logger"] == "django.request"]
        assert lines[-1]["event"] == message
        assert lines[-1]["request_id"] == response["X-Request-ID"] == f"failed-{number}"
