"""Stripe's webhooks, signed with Stripe's scheme and built by the fake Stripe from real changes:
refused when unsigned, applied once, in any order, and all or nothing."""

from __future__ import annotations

import json
import time

import pytest

from site_apps.billing.models import Customer, Price, Subscription, WebhookEvent
from site_apps.billing.services import start_checkout
from site_apps.teams.models import Role
from tests.site_apps.billing.conftest import WEBHOOK_URL, deliver
from tests.site_apps.billing.fake_stripe import sign
from tests.site_apps.teams.factories import team_with

pytestmark = pytest.mark.django_db


def checkout_paid(stripe_fake, price_id: str, team_name: str = "Acme"):
    """An owner starts checkout through our service and pays at the fake Stripe."""
    team, (owner,) = team_with(Role.OWNER, name=team_name)
    started = start_checkout(
        owner,
        price_id=price_id,
        attempt="a1",
        success_url="http://testserver/billing/success/?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="http://testserver/billing/cancel/",
    )
    subscription = stripe_fake.complete_checkout(started.session_id)
    return team, subscription


def by_type(events: list[dict], type_: str) -> dict:
    return next(e for e in events if e["type"] == type_)


def test_unsigned_or_wrongly_signed_events_are_refused_and_write_nothing(client, stripe_fake):
    product = stripe_fake.add_product("Team")
    event = stripe_fake.events[0]
    body = json.dumps(event).encode()
    stale = sign(body, timestamp=int(time.time()) - 3600)
    for signature in ("", "t=1,v1=deadbeef", sign(body, "whsec_other"), stale, "nonsense"):
        response = deliver(client, event, signature=signature)
        assert response.status_code == 400, signature
        assert "Stripe-Signature" in response.json()["error"]
    tampered = sign(body)
    event["data"]["object"]["name"] = "Changed"
    assert deliver(client, event, signature=tampered).status_code == 400
    assert not WebhookEvent.objects.exists()
    assert product["id"]


def test_a_body_that_is_not_json_is_refused(client, stripe_fake):
    body = b"not json"
    response = client.post(
        WEBHOOK_URL, body, content_type="application/json", headers={"Stripe-Signature": sign(body)}
    )
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_without_a_webhook_secret_the_endpoint_says_so(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = client.post(WEBHOOK_URL, b"{}", content_type="application/json")
    assert response.status_code == 503
    assert "STRIPE_WEBHOOK_SECRET" in response.json()["error"]


def test_a_paid_checkout_gives_the_team_an_active_subscription(
    client, stripe_fake, catalogue, no_trial
):
    team, paid = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    for event in stripe_fake.events:
        assert deliver(client, event).status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.team == team
    assert subscription.stripe_id == paid["id"]
    assert subscription.status == "active"
    assert subscription.price_stripe_id == catalogue["team_monthly"]["id"]
    assert (
        subscription.current_period_end.timestamp()
        == (paid["items"]["data"][0]["current_period_end"])
    )
    assert Customer.objects.get().team == team
    assert WebhookEvent.objects.filter(processed_at__isnull=False).count() == 3


def test_the_same_event_twice_gives_one_result(client, stripe_fake, catalogue):
    checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    event = by_type(stripe_fake.events, "checkout.session.completed")
    first = deliver(client, event)
    again = deliver(client, event)
    assert first.json()["status"] == "processed"
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert WebhookEvent.objects.count() == 1
    assert Subscription.objects.count() == 1
    assert Customer.objects.count() == 1


def test_subscription_updated_before_checkout_completed_still_ends_right(
    client, stripe_fake, catalogue, no_trial
):
    team, paid = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    stripe_fake.update_subscription(paid["id"], price=catalogue["team_yearly"]["id"])
    stripe_fake.update_subscription(paid["id"], cancel_at_period_end=True)
    events = list(stripe_fake.events)
    # The newest news first, the checkout last: arrival order must not decide the state.
    for event in reversed(events):
        assert deliver(client, event).status_code == 200, event["type"]
    subscription = Subscription.objects.get()
    assert subscription.team == team
    assert subscription.price_stripe_id == catalogue["team_yearly"]["id"]
    assert subscription.cancel_at_period_end is True
    assert subscription.status == "active"


def test_a_cancellation_delivered_before_older_updates_stays_canceled(
    client, stripe_fake, catalogue
):
    _, paid = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    stripe_fake.update_subscription(paid["id"], cancel_at_period_end=True)
    stripe_fake.cancel_subscription(paid["id"])
    deleted = by_type(stripe_fake.events, "customer.subscription.deleted")
    assert deliver(client, deleted).status_code == 200
    for event in stripe_fake.events:
        deliver(client, event)
    subscription = Subscription.objects.get()
    assert subscription.status == "canceled"
    assert subscription.ended_at is not None


def test_a_failed_payment_makes_the_subscription_past_due(client, stripe_fake, catalogue):
    _, paid = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    stripe_fake.fail_payment(paid["id"])
    failed = by_type(stripe_fake.events, "invoice.payment_failed")
    assert deliver(client, failed).json()["status"] == "processed"
    assert Subscription.objects.get().status == "past_due"


def test_a_processing_error_rolls_back_everything_and_a_retry_succeeds(
    client, stripe_fake, catalogue
):
    team, paid = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    Customer.objects.all().delete()  # so processing has something to write before it fails
    completed = by_type(stripe_fake.events, "checkout.session.completed")
    stripe_fake.fail("/v1/subscriptions/")  # Stripe is down while we read the subscription
    response = deliver(client, completed)
    assert response.status_code == 500
    assert not Customer.objects.exists()
    assert not Subscription.objects.exists()
    event = WebhookEvent.objects.get()
    assert event.processed_at is None
    assert event.attempts == 1
    assert "BillingProviderError" in event.error

    stripe_fake.failures.clear()
    retry = deliver(client, completed)
    assert retry.status_code == 200
    assert retry.json()["status"] == "processed"
    event.refresh_from_db()
    assert event.processed_at is not None
    assert event.error == ""
    assert Subscription.objects.get().stripe_id == paid["id"]
    assert Customer.objects.get().team == team


def test_price_events_keep_the_local_prices_and_ignore_older_news(client, stripe_fake, catalogue):
    price_id = catalogue["team_monthly"]["id"]
    stripe_fake.update_price(price_id, unit_amount=3500)
    older = dict(stripe_fake.events[-1])
    stripe_fake.update_price(price_id, active=False)
    newer = stripe_fake.events[-1]
    newer["created"] = older["created"] + 5
    assert deliver(client, newer).status_code == 200
    assert deliver(client, older).status_code == 200
    price = Price.objects.get(stripe_id=price_id)
    assert price.active is False  # the older event (still active) came too late to count
    assert price.unit_amount == 3500


def test_event_types_we_do_not_handle_are_recorded_and_acknowledged(client, stripe_fake):
    event = stripe_fake.emit("customer.created", {"id": "cus_x", "object": "customer"})
    response = deliver(client, event)
    assert response.json()["status"] == "ignored"
    assert WebhookEvent.objects.get().type == "customer.created"


def test_a_subscription_stripe_no_longer_has_is_taken_from_the_event(
    client, stripe_fake, catalogue
):
    team, paid = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    stripe_fake.cancel_subscription(paid["id"])
    del stripe_fake.subscriptions[paid["id"]]  # test data deleted in the dashboard
    deleted = by_type(stripe_fake.events, "customer.subscription.deleted")
    assert deliver(client, deleted).json()["status"] == "processed"
    subscription = Subscription.objects.get()
    assert (subscription.team, subscription.status) == (team, "canceled")


def test_invoice_and_checkout_events_for_a_subscription_stripe_no_longer_has_are_acknowledged(
    client, stripe_fake, catalogue
):
    # These events carry no copy of the subscription, and Stripe answers "No such
    # subscription": nothing to apply, and no 500 (Stripe would retry it for days in vain).
    team, paid = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    del stripe_fake.subscriptions[paid["id"]]  # test data deleted in the dashboard
    for type_ in ("checkout.session.completed", "invoice.paid"):
        response = deliver(client, by_type(stripe_fake.events, type_))
        assert response.status_code == 200, type_
        assert response.json()["status"] == "processed"
    assert not Subscription.objects.filter(team=team).exists()
    rows = WebhookEvent.objects.filter(type__in=["checkout.session.completed", "invoice.paid"])
    assert [(row.processed_at is not None, row.error) for row in rows] == [(True, "")] * 2


def test_with_a_worker_the_event_is_answered_at_once_and_retried_with_backoff(
    client, stripe_fake, catalogue, settings
):
    """A queue that defers (here Django's dummy backend, which keeps what is queued): the
    webhook records the event and answers 200 before anything reads Stripe; a failing attempt
    is counted on the row and queued again after a pause; the retry applies it."""
    import datetime

    from django.tasks import default_task_backend
    from django.utils import timezone

    from site_apps.billing.tasks import process_stripe_event, retry_pause

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()  # type: ignore[attr-defined]  # the dummy backend's
    _, paid = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    stripe_fake.requests.clear()
    completed = by_type(stripe_fake.events, "checkout.session.completed")
    response = deliver(client, completed)
    assert response.json() == {"status": "queued", "event": completed["id"]}
    assert stripe_fake.requests == [], "Stripe is read by the task, not by the webhook"
    event = WebhookEvent.objects.get()
    (queued,) = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.args == [event.pk]

    stripe_fake.fail("/v1/subscriptions/")
    with pytest.raises(Exception, match="Fake outage"):
        process_stripe_event.call(event.pk)
    event.refresh_from_db()
    assert (event.attempts, event.processed_at) == (1, None)
    retry = default_task_backend.results[-1]  # type: ignore[attr-defined]
    assert retry.task.run_after > timezone.now() + retry_pause(1) - datetime.timedelta(seconds=5)
    assert retry_pause(1).total_seconds() == 30
    assert retry_pause(4).total_seconds() == 240

    stripe_fake.failures.clear()
    assert process_stripe_event.call(event.pk) == "processed"
    assert Subscription.objects.get().stripe_id == paid["id"]
    assert process_stripe_event.call(event.pk) == "duplicate"
