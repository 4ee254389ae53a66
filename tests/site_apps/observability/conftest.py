"""Fixtures for observability tests: JSON log capture, a local Sentry, signed Sentry webhooks."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from site_apps.observability import gateway
from site_apps.observability.logging_config import make_formatter
from tests.site_apps.observability.sentry_server import SentryServer

TEST_URLS = "tests.site_apps.observability.urls"
CLIENT_SECRET = "test-sentry-client-secret-3f2a9c"


class JsonLog:
    """Everything logged while it is attached, rendered by the production (JSON) formatter."""

    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(make_formatter("json"))

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    @property
    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]

    def events(self, name: str) -> list[dict[str, Any]]:
        return [line for line in self.lines if line.get("event") == name]


@pytest.fixture
def json_log() -> Iterator[JsonLog]:
    log = JsonLog()
    root = logging.getLogger()
    root.addHandler(log.handler)
    structlog.contextvars.clear_contextvars()
    try:
        yield log
    finally:
        root.removeHandler(log.handler)
        structlog.contextvars.clear_contextvars()


@pytest.fixture
def test_urls(settings) -> None:
    """Through pytest-django's `settings`, not a second `override_settings`: two overrides
    undone out of order (this one first, then a test's own `settings.X = ...`) left
    ROOT_URLCONF pointing here, without the site's handler500, for every later test in the
    worker."""
    settings.ROOT_URLCONF = TEST_URLS


@pytest.fixture
def sentry() -> Iterator[SentryServer]:
    """sentry-sdk switched on, sending to a local server; switched off afterwards."""
    with SentryServer() as server:
        gateway.start_sentry(
            dsn=server.dsn,
            environment="test",
            release="test-release",
            traces_sample_rate=1.0,
        )
        try:
            yield server
        finally:
            gateway.stop_sentry()


def sign(body: bytes, secret: str = CLIENT_SECRET) -> str:
    """Sentry's scheme: HMAC-SHA256 of the raw body with the client secret, hex."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def sentry_issue(issue_id: str = "1170820242", **changes: Any) -> dict[str, Any]:
    """An issue as Sentry's issue webhooks carry it (shape from Sentry's documentation)."""
    issue: dict[str, Any] = {
        "annotations": [],
        "assignedTo": None,
        "count": "1",
        "culprit": "cms.home.views in serve",
        "firstSeen": "2026-11-20T20:58:37.391000Z",
        "hasSeen": False,
        "id": issue_id,
        "isBookmarked": False,
        "isPublic": False,
        "isSubscribed": False,
        "lastSeen": "2026-11-20T20:58:37.391000Z",
        "level": "error",
        "logger": None,
        "metadata": {
            "filename": "cms/home/views.py",
            "type": "ZeroDivisionError",
            "value": "division by zero",
        },
        "numComments": 0,
        "permalink": None,
        "platform": "python",
        "project": {"id": "1", "name": "lumen", "platform": "python", "slug": "lumen"},
        "shareId": None,
        "shortId": "LUMEN-9",
        "status": "unresolved",
        "statusDetails": {},
        "subscriptionDetails": None,
        "substatus": "new",
        "title": "ZeroDivisionError: division by zero",
        "type": "error",
        "userCount": 1,
        "url": f"https://sentry.io/api/0/organizations/acme/issues/{issue_id}/",
        "web_url": f"https://acme.sentry.io/issues/{issue_id}/",
        "project_url": "https://acme.sentry.io/issues/?project=1",
    }
    issue.update(changes)
    return issue


def issue_webhook(action: str, issue: dict[str, Any]) -> dict[str, Any]:
    return {
        "action": action,
        "actor": {"id": "sentry", "name": "Sentry", "type": "application"},
        "data": {"issue": issue},
        "installation": {"uuid": "a8e5d37a-696c-4c54-adb5-b3f28d64c7de"},
    }


def post_webhook(
    client: Any,
    payload: dict[str, Any] | bytes,
    *,
    resource: str = "issue",
    timestamp: int | str | None = 1_790_000_000,
    delivery_id: str | None = None,
    signature: str | None = "sign",
    secret: str = CLIENT_SECRET,
) -> Any:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"HTTP_SENTRY_HOOK_RESOURCE": resource}
    if signature == "sign":
        signature = sign(body, secret)
    if signature is not None:
        headers["HTTP_SENTRY_HOOK_SIGNATURE"] = signature
    if timestamp is not None:
        headers["HTTP_SENTRY_HOOK_TIMESTAMP"] = str(timestamp)
    if delivery_id is not None:
        headers["HTTP_REQUEST_ID"] = delivery_id
    return client.post(
        "/observability/sentry/webhook/", body, content_type="application/json", **headers
    )
