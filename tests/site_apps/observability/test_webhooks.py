"""Sentry's issue webhooks, signed as Sentry signs them, turned into todos once each."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from site_apps.observability.models import SentryWebhookDelivery, TodoItem
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.observability.conftest import (
    CLIENT_SECRET,
    issue_webhook,
    post_webhook,
    sentry_issue,
    sign,
)

Status = TodoItem.Status


@pytest.fixture(autouse=True)
def client_secret(settings):
    settings.SENTRY_CLIENT_SECRET = CLIENT_SECRET
    # These tests order deliveries by fixed timestamps; the freshness window has its own tests
    # (tests/site_apps/observability/test_webhook_replay.py).
    settings.SENTRY_WEBHOOK_TOLERANCE_SECONDS = None


def nothing_written() -> bool:
    return not TodoItem.objects.exists() and not SentryWebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_a_new_sentry_issue_becomes_one_todo(client):
    response = post_webhook(client, issue_webhook("created", sentry_issue()), delivery_id="d-1")
    assert response.status_code == 200, response.content
    todo = TodoItem.objects.get()
    assert response.json() == {"status": "applied", "todo": todo.pk}
    assert todo.source == TodoItem.Source.SENTRY
    assert todo.external_id == "1170820242"
    assert todo.title == "ZeroDivisionError: division by zero"
    assert todo.status == Status.OPEN
    assert todo.priority == TodoItem.Priority.HIGH  # level "error"
    assert todo.category == TodoItem.Category.BUG
    assert todo.link == "https://acme.sentry.io/issues/1170820242/"  # permalink is null
    assert "LUMEN-9" in todo.description
    assert "division by zero" in todo.description
    delivery = SentryWebhookDelivery.objects.get()
    assert (delivery.delivery_id, delivery.action, delivery.outcome) == (
        "d-1",
        "created",
        "applied",
    )


@pytest.mark.django_db
def test_a_redelivery_changes_nothing(client):
    payload = issue_webhook("created", sentry_issue())
    first = post_webhook(client, payload, delivery_id="d-1")
    again = post_webhook(client, payload, delivery_id="d-1")
    assert first.json()["status"] == "applied"
    assert again.status_code == 200
    assert again.json() == {"status": "duplicate", "todo": None}
    assert TodoItem.objects.count() == 1
    assert SentryWebhookDelivery.objects.count() == 1


@pytest.mark.django_db
def test_without_a_delivery_id_the_same_body_is_still_recognised(client):
    payload = issue_webhook("created", sentry_issue())
    post_webhook(client, payload)
    assert post_webhook(client, payload).json()["status"] == "duplicate"
    # A new delivery about the same issue updates the one todo; it never makes a second.
    post_webhook(client, issue_webhook("resolved", sentry_issue()), timestamp=1_790_000_100)
    assert TodoItem.objects.count() == 1
    assert SentryWebhookDelivery.objects.count() == 2


@pytest.mark.django_db
def test_status_follows_the_issue_through_its_life(client):
    issue = sentry_issue()
    steps = [
        ("created", {}, Status.OPEN),
        ("resolved", {"status": "resolved"}, Status.DONE),
        ("unresolved", {"status": "unresolved", "substatus": "regressed"}, Status.OPEN),
        ("archived", {"status": "ignored", "substatus": "archived_forever"}, Status.IGNORED),
        ("unresolved", {"status": "unresolved", "substatus": "escalating"}, Status.OPEN),
        ("ignored", {"status": "ignored"}, Status.IGNORED),  # the older name for archived
    ]
    for n, (action, changes, expected) in enumerate(steps):
        payload = issue_webhook(action, issue | changes)
        response = post_webhook(client, payload, timestamp=1_790_000_000 + n, delivery_id=f"s{n}")
        assert response.json()["status"] == "applied", action
        assert TodoItem.objects.get().status == expected, action
    assert TodoItem.objects.count() == 1


@pytest.mark.django_db
def test_work_staff_started_is_not_undone_by_a_reopening(client):
    post_webhook(client, issue_webhook("created", sentry_issue()), timestamp=100)
    TodoItem.objects.update(status=Status.IN_PROGRESS)
    post_webhook(client, issue_webhook("unresolved", sentry_issue()), timestamp=200)
    assert TodoItem.objects.get().status == Status.IN_PROGRESS


@pytest.mark.django_db
def test_assignment_names_our_user_or_else_the_sentry_name(client):
    staff = UserFactory(email="grace@example.com")
    post_webhook(client, issue_webhook("created", sentry_issue()), timestamp=100)

    to_staff = {"type": "user", "id": "9", "name": "Grace", "email": "Grace@Example.com"}
    post_webhook(
        client, issue_webhook("assigned", sentry_issue(assignedTo=to_staff)), timestamp=200
    )
    todo = TodoItem.objects.get()
    assert todo.assignee == staff
    assert todo.external_assignee == ""
    assert todo.status == Status.OPEN, "assigning leaves the status alone"

    to_team = {"type": "team", "id": "3", "name": "backend"}
    post_webhook(client, issue_webhook("assigned", sentry_issue(assignedTo=to_team)), timestamp=300)
    todo.refresh_from_db()
    assert todo.assignee is None
    assert todo.external_assignee == "#backend"


@pytest.mark.django_db
def test_a_late_older_delivery_never_undoes_a_newer_one(client):
    resolved = issue_webhook("resolved", sentry_issue(status="resolved"))
    created = issue_webhook("created", sentry_issue())
    assert post_webhook(client, resolved, timestamp=2000).json()["status"] == "applied"
    late = post_webhook(client, created, timestamp=1000)
    assert late.json()["status"] == "stale"
    todo = TodoItem.objects.get()
    assert todo.status == Status.DONE
    assert SentryWebhookDelivery.objects.get(action="created").outcome == "stale"


@pytest.mark.django_db
def test_an_assignment_arriving_before_the_creation_still_makes_one_todo(client):
    someone = {"type": "user", "id": "5", "name": "Lin", "email": "lin@elsewhere.example"}
    assigned = issue_webhook("assigned", sentry_issue(assignedTo=someone))
    assert post_webhook(client, assigned, timestamp=2000).json()["status"] == "applied"
    assert post_webhook(client, issue_webhook("created", sentry_issue()), timestamp=1000).json()[
        "status"
    ] == ("stale")
    todo = TodoItem.objects.get()
    assert todo.external_assignee == "Lin"
    assert todo.status == Status.OPEN


@pytest.mark.django_db
@pytest.mark.parametrize(
    "signature",
    [
        None,  # missing
        "",
        "0" * 64,
        "not-hex-at-all",
        "zaÿ",  # not even ASCII
        sign(b"some other body"),
        sign(b"{}", secret="another-secret"),
    ],
)
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_written(client, signature):
    payload = issue_webhook("created", sentry_issue())
    response = post_webhook(client, payload, signature=signature)
    assert response.status_code == 401
    assert response.json() == {"error": "Invalid or missing Sentry-Hook-Signature."}
    assert nothing_written()


@pytest.mark.django_db
def test_a_body_signed_with_another_secret_is_refused(client):
    payload = issue_webhook("created", sentry_issue())
    response = post_webhook(client, payload, secret="not-our-secret")
    assert response.status_code == 401
    assert nothing_written()


@pytest.mark.django_db
def test_without_a_configured_secret_every_delivery_is_refused(client, settings):
    settings.SENTRY_CLIENT_SECRET = ""
    response = post_webhook(client, issue_webhook("created", sentry_issue()), secret="")
    assert response.status_code == 503
    assert "SENTRY_CLIENT_SECRET" in response.json()["error"]
    assert nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "timestamp"),
    [
        (b"not json", 1_790_000_000),
        (b'{"action": "created", "data": {}}', 1_790_000_000),
        (b'{"action": "created", "data": {"issue": {"id": "abc"}}}', 1_790_000_000),
        (b'{"data": {"issue": {"id": "1"}}}', 1_790_000_000),
        (b'{"action": "created", "data": {"issue": {"id": "1"}}}', "yesterday"),
    ],
)
def test_a_signed_but_malformed_delivery_gets_a_clear_400(client, body, timestamp):
    response = post_webhook(client, body, timestamp=timestamp)
    assert response.status_code == 400
    assert response.json()["error"]
    assert nothing_written()


@pytest.mark.django_db
def test_other_resources_are_acknowledged_and_left_alone(client):
    payload = {"action": "created", "data": {"installation": {}}, "installation": {"uuid": "x"}}
    response = post_webhook(client, payload, resource="installation")
    assert response.status_code == 200
    assert response.json()["status"] == "ignored"
    assert nothing_written()


@pytest.mark.django_db
def test_only_post_is_accepted(client):
    response = client.get("/observability/sentry/webhook/")
    assert response.status_code == 405
    assert "error" in response.json()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_deliveries_of_one_issue_make_one_todo(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers, so only PostgreSQL can race two transactions")
    from django.test import Client

    barrier = threading.Barrier(4)
    statuses: list[str] = []

    def deliver(n: int) -> None:
        try:
            barrier.wait()
            issue = sentry_issue(count=str(n))  # four different deliveries about one issue
            payload = issue_webhook("created" if n % 2 else "assigned", issue)
            response = post_webhook(Client(), payload, delivery_id=f"race-{n}", timestamp=1000 + n)
            statuses.append(response.json()["status"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(statuses) == 4
    assert TodoItem.objects.count() == 1
    assert SentryWebhookDelivery.objects.count() == 4
