"""A storm of Stripe deliveries against PostgreSQL: 100 events from real changes at the fake
Stripe, each delivered once more at random (200 deliveries, half of them duplicates), shuffled,
and sent eight at a time over HTTP to the live server. The rows must end exactly right."""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from site_apps.billing.models import Customer, Price, Subscription, WebhookEvent
from site_apps.billing.services import start_checkout
from site_apps.teams.models import Role
from tests.site_apps.billing.conftest import WEBHOOK_URL
from tests.site_apps.billing.fake_stripe import sign
from tests.site_apps.teams.factories import team_with

TEAMS = 10


def make_history(stripe_fake, catalogue) -> list[dict]:
    """Ten teams check out, change plan, schedule a cancellation, miss a payment and recover;
    half then cancel, half resume. Ten price edits on top: 100 events in all."""
    stripe_fake.events.clear()
    subscriptions = []
    for n in range(TEAMS):
        _, (owner,) = team_with(Role.OWNER, name=f"Storm {n}")
        started = start_checkout(
            owner,
            price_id=catalogue["team_monthly"]["id"],
            attempt=f"storm-{n}",
            success_url="http://testserver/billing/success/?session_id={CHECKOUT_SESSION_ID}",
            cancel_url="http://testserver/billing/cancel/",
        )
        subscriptions.append(stripe_fake.complete_checkout(started.session_id))
    for n, subscription in enumerate(subscriptions):
        sub_id = subscription["id"]
        stripe_fake.update_subscription(sub_id, price=catalogue["business_yearly"]["id"])
        stripe_fake.update_subscription(sub_id, cancel_at_period_end=True)
        stripe_fake.fail_payment(sub_id)
        stripe_fake.update_subscription(sub_id, status="active")
        if n % 2:
            stripe_fake.cancel_subscription(sub_id)
        else:
            stripe_fake.update_subscription(sub_id, cancel_at_period_end=False)
        stripe_fake.update_price(catalogue["team_monthly"]["id"], nickname=f"Team v{n}")
    # Stripe's `created` has one-second resolution; spread the price edits so their order is known.
    price_events = [e for e in stripe_fake.events if e["type"] == "price.updated"]
    for n, event in enumerate(price_events):
        event["created"] = int(time.time()) + n
    # Half the teams' local customer rows are missing, so the events must make them.
    Customer.objects.filter(team__name__in=[f"Storm {n}" for n in range(0, TEAMS, 2)]).delete()
    return list(stripe_fake.events)


@pytest.mark.django_db(transaction=True)
def test_200_shuffled_deliveries_half_duplicates_end_in_exactly_the_right_rows(
    live_server, stripe_fake, catalogue
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers, so only PostgreSQL can race concurrent deliveries")
    events = make_history(stripe_fake, catalogue)
    assert len(events) == 100
    rng = random.Random(7)
    deliveries = events + rng.sample(events, 100)
    rng.shuffle(deliveries)
    assert len(deliveries) == 200

    def deliver(event: dict) -> str:
        body = json.dumps(event).encode()
        headers = {"Stripe-Signature": sign(body), "Content-Type": "application/json"}
        response = requests.post(
            live_server.url + WEBHOOK_URL, data=body, headers=headers, timeout=60
        )
        assert response.status_code == 200, response.text
        return response.json()["status"]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = Counter(pool.map(deliver, deliveries))
    elapsed = time.monotonic() - started
    assert elapsed < 120, f"200 deliveries took {elapsed:.1f}s"

    # Each event was applied exactly once; every repeat was a no-op.
    assert outcomes == {"processed": 100, "duplicate": 100}
    assert WebhookEvent.objects.count() == 100
    assert not WebhookEvent.objects.filter(processed_at__isnull=True).exists()
    assert set(WebhookEvent.objects.values_list("stripe_id", flat=True)) == {
        e["id"] for e in events
    }

    # One customer per team, matching Stripe's.
    assert Customer.objects.count() == TEAMS
    for customer in Customer.objects.select_related("team"):
        remote = stripe_fake.customers[customer.stripe_id]
        assert remote["metadata"]["team_id"] == str(customer.team_id)

    # One subscription per team, each in Stripe's final state.
    assert Subscription.objects.count() == TEAMS
    for row in Subscription.objects.select_related("team", "customer"):
        remote = stripe_fake.subscriptions[row.stripe_id]
        item = remote["items"]["data"][0]
        assert row.team_id == int(remote["metadata"]["team_id"])
        assert row.customer.stripe_id == remote["customer"]
        assert row.status == remote["status"]
        assert row.price_stripe_id == item["price"]["id"] == catalogue["business_yearly"]["id"]
        assert row.cancel_at_period_end == remote["cancel_at_period_end"]
        assert int(row.current_period_end.timestamp()) == item["current_period_end"]
    statuses = Counter(Subscription.objects.values_list("status", flat=True))
    assert statuses == {"active": TEAMS // 2, "canceled": TEAMS // 2}

    # The price edits landed in their order, whatever order they arrived in.
    price = Price.objects.get(stripe_id=catalogue["team_monthly"]["id"])
    assert price.nickname == f"Team v{TEAMS - 1}"


@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_first_deliveries_of_one_event_apply_it_once(
    live_server, stripe_fake, catalogue
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers, so only PostgreSQL can race concurrent deliveries")
    import threading

    make_history(stripe_fake, catalogue)
    event = next(e for e in stripe_fake.events if e["type"] == "checkout.session.completed")
    body = json.dumps(event).encode()
    barrier = threading.Barrier(6)

    def deliver(_: int) -> str:
        barrier.wait()
        headers = {"Stripe-Signature": sign(body), "Content-Type": "application/json"}
        response = requests.post(
            live_server.url + WEBHOOK_URL, data=body, headers=headers, timeout=60
        )
        assert response.status_code == 200, response.text
        return response.json()["status"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = Counter(pool.map(deliver, range(6)))
    assert outcomes == {"processed": 1, "duplicate": 5}
    assert WebhookEvent.objects.count() == 1
    assert Subscription.objects.count() == 1
