"""A captured Sentry delivery cannot be replayed: not later (its timestamp is checked against a
window), and not with a fresh Request-ID and timestamp (its body was seen before)."""

from __future__ import annotations

import time

import pytest

from site_apps.observability.models import SentryWebhookDelivery, TodoItem
from tests.site_apps.observability.conftest import (
    CLIENT_SECRET,
    issue_webhook,
    post_webhook,
    sentry_issue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def client_secret(settings):
    settings.SENTRY_CLIENT_SECRET = CLIENT_SECRET
    settings.SENTRY_WEBHOOK_TOLERANCE_SECONDS = 300


def test_a_resolved_todo_is_not_reopened_by_a_replayed_delivery(client):
    now = int(time.time())
    created = issue_webhook("created", sentry_issue())
    resolved = issue_webhook("resolved", sentry_issue(status="resolved"))
    assert post_webhook(client, created, timestamp=now - 60, delivery_id="a").status_code == 200
    assert post_webhook(client, resolved, timestamp=now - 30, delivery_id="b").status_code == 200
    assert TodoItem.objects.get().status == TodoItem.Status.DONE

    # The captured "created" again, with a new Request-ID and a fresh timestamp.
    replay = post_webhook(client, created, timestamp=now, delivery_id="forged-1")
    assert replay.status_code == 200
    assert replay.json()["status"] == "duplicate"
    assert TodoItem.objects.get().status == TodoItem.Status.DONE
    assert SentryWebhookDelivery.objects.count() == 2


@pytest.mark.parametrize("age", [400, -400, None])
def test_a_delivery_outside_the_window_or_without_a_timestamp_is_refused(client, age):
    stamp = None if age is None else int(time.time()) - age
    response = post_webhook(
        client, issue_webhook("created", sentry_issue()), timestamp=stamp, delivery_id="late"
    )
    assert response.status_code == 400
    assert "Sentry-Hook-Timestamp" in response.json()["error"]
    assert not SentryWebhookDelivery.objects.exists()


def test_an_issue_id_too_long_for_any_column_is_refused(client):
    payload = issue_webhook("created", sentry_issue(issue_id="9" * 80))
    response = post_webhook(client, payload, timestamp=int(time.time()))
    assert response.status_code == 400
    assert not TodoItem.objects.exists()
