"""The request lines: one `request_started` and one closing line per request, and the closing
line has the status the client got, whichever middleware or handler made it."""

from __future__ import annotations

import copy
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client

from cms.page_cache import forget_front_memory
from tests.database_swap import default_database

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """Errors come back as the responses people get, not as exceptions in the test."""
    return Client(raise_request_exception=False)


def closing_lines(json_log) -> list[dict]:
    return [
        line for line in json_log.lines if line["event"] in ("request_finished", "request_failed")
    ]


@contextmanager
def unreachable_database() -> Iterator[None]:
    """Requests in this block find the database gone: SQLite's file cannot be opened,
    PostgreSQL's port refuses connections. The test's own connection is put back afterwards."""
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent/lumen/db.sqlite3"
    else:
        with socket.socket() as probe:  # a port nothing listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        settings_dict |= {"HOST": "127.0.0.1", "PORT": str(port)}
    with default_database(settings_dict):
        yield


def test_middleware_that_changes_the_answer_on_its_way_out_is_logged_as_sent(
    client, home_page, json_log, test_urls
):
    """CommonMiddleware's APPEND_SLASH redirect was logged as the 404 it replaced, and
    ConditionalGetMiddleware's 304 as the 200."""
    redirect = client.get("/admin", HTTP_X_REQUEST_ID="slash")
    assert redirect.status_code == 301
    first = client.get("/test/team/")
    unchanged = client.get(
        "/test/team/", HTTP_IF_NONE_MATCH=first["ETag"], HTTP_X_REQUEST_ID="not-modified"
    )
    assert unchanged.status_code == 304

    closing = {line["request_id"]: line for line in closing_lines(json_log)}
    assert (closing["slash"]["event"], closing["slash"]["code"]) == ("request_finished", 301)
    assert closing["slash"]["level"] == "info"
    assert closing["not-modified"]["code"] == 304
    # One opening and one closing line per request.
    assert len(json_log.events("request_started")) == len(closing_lines(json_log)) == 3


def test_a_database_outage_is_logged_with_the_503_it_answered(client, home_page, json_log):
    cache.clear()  # a page the page cache holds needs no database
    forget_front_memory()
    with unreachable_database():
        response = client.get("/", HTTP_ACCEPT="text/html", HTTP_X_REQUEST_ID="outage")
    assert response.status_code == 503

    (failed,) = closing_lines(json_log)
    assert (failed["event"], failed["code"], failed["level"]) == ("request_failed", 503, "error")
    assert failed["request_id"] == "outage"
    assert failed["request"] == "GET /"
    assert "OperationalError" in failed["exception"]


def test_a_failing_view_is_logged_once_with_its_500(client, json_log, test_urls):
    response = client.get("/test/boom/", HTTP_X_REQUEST_ID="boom")
    assert response.status_code == 500

    (failed,) = closing_lines(json_log)
    assert (failed["event"], failed["code"], failed["request_id"]) == (
        "request_failed",
        500,
        "boom",
    )
    assert "RuntimeError: boom on purpose" in failed["exception"]
