"""The gateway drives Stripe's real SDK; here against the fake Stripe, seen from its side."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from site_apps.billing import gateway
from tests.site_apps.billing.fake_stripe import API_KEY, API_VERSION


def test_calls_reach_the_configured_api_base_with_key_version_and_idempotency_key(stripe_fake):
    customer = gateway.create_customer(
        name="Acme", team_id=7, email="owner@example.com", idempotency_key="team-7-customer"
    )
    again = gateway.create_customer(
        name="Acme", team_id=7, email="owner@example.com", idempotency_key="team-7-customer"
    )
    assert again.id == customer.id  # Stripe answered the retry with the first result
    assert len(stripe_fake.customers) == 1
    first = stripe_fake.requests[0]
    assert first["path"] == "/v1/customers"
    assert first["form"] == {
        "name": "Acme",
        "email": "owner@example.com",
        "metadata": {"team_id": "7"},
    }
    assert first["idempotency_key"] == "team-7-customer"
    assert first["stripe_version"] == API_VERSION


def test_missing_objects_and_outages_become_our_errors(stripe_fake, settings):
    with pytest.raises(gateway.NotFoundAtStripe, match="No such subscription"):
        gateway.retrieve_subscription("sub_missing")
    stripe_fake.fail("/v1/prices")
    with pytest.raises(gateway.BillingProviderError):
        list(gateway.list_prices())
    # One try: a page waits for Stripe once (idempotency keys make pressing again safe).
    assert len([r for r in stripe_fake.requests if r["path"] == "/v1/prices"]) == 1
    settings.STRIPE_SECRET_KEY = "sk_test_wrong"
    with pytest.raises(gateway.BillingProviderError, match="Invalid API Key"):
        gateway.retrieve_subscription("sub_x")
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(gateway.BillingNotConfigured):
        gateway.retrieve_subscription("sub_x")
    assert API_KEY


def test_checkout_and_portal_return_to_our_origins_only(stripe_fake, settings):
    assert stripe_fake.url in gateway.redirect_origins()
    settings.STRIPE_API_BASE = ""
    assert gateway.redirect_origins() == gateway.STRIPE_REDIRECT_ORIGINS


def test_production_with_a_stripe_key_needs_the_webhook_secret():
    from tests.cms.settings.test_settings import PRODUCTION_ENV, run_manage

    result = run_manage("check", env_vars=PRODUCTION_ENV | {"STRIPE_SECRET_KEY": "sk_live_x"})
    assert result.returncode != 0
    assert "STRIPE_WEBHOOK_SECRET is missing" in result.stderr


def test_a_hung_stripe_fails_a_call_within_the_provider_timeout(stripe_fake, settings):
    """Stripe accepts the connection and never answers: the call gives up after the read
    timeout, once, instead of the SDK's 80 s and retries."""
    import time
    from urllib.parse import urlsplit

    from tests.tcp_proxy import TcpProxy

    port = urlsplit(settings.STRIPE_API_BASE).port
    with TcpProxy(port) as proxy:
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{proxy.port}"
        settings.PROVIDER_TIMEOUT = (0.5, 0.5)
        proxy.hang()
        started = time.monotonic()
        with pytest.raises(gateway.BillingProviderError):
            gateway.retrieve_subscription("sub_x")
        assert time.monotonic() - started < 2


# --- Stripe's JSON read into our values, API-version quirks included ----------------------------

PERIOD_END = 1_800_000_000  # 2027-01-15
CREATED = 1_790_000_000


def _subscription_since_2025_03_31(sub_id: str) -> dict:
    """The shape of API 2025-03-31 and later: the period on the item, the price expanded."""
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": "cus_new",
        "status": "active",
        "created": CREATED,
        "cancel_at_period_end": True,
        "canceled_at": None,
        "ended_at": None,
        "metadata": {"team_id": "12"},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": "si_1",
                    "object": "subscription_item",
                    "current_period_end": PERIOD_END,
                    "price": {"id": "price_team", "object": "price", "product": "prod_team"},
                    "quantity": 3,
                }
            ],
        },
    }


def _subscription_before_2025_03_31(sub_id: str) -> dict:
    """The older shape: the period on the subscription itself, the price also as `plan`, and
    ids expanded into whole objects."""
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": {"id": "cus_old", "object": "customer"},
        "status": "past_due",
        "created": CREATED,
        "current_period_end": PERIOD_END,
        "cancel_at_period_end": False,
        "canceled_at": CREATED + 60,
        "ended_at": None,
        "metadata": {},
        "plan": {"id": "price_legacy", "object": "plan", "product": {"id": "prod_legacy"}},
        "items": {"object": "list", "data": [{"id": "si_2", "object": "subscription_item"}]},
    }


def test_a_subscription_reads_the_same_from_both_api_shapes_through_the_sdk(stripe_fake):
    stripe_fake.subscriptions["sub_new"] = _subscription_since_2025_03_31("sub_new")
    stripe_fake.subscriptions["sub_old"] = _subscription_before_2025_03_31("sub_old")
    new = gateway.retrieve_subscription("sub_new")
    old = gateway.retrieve_subscription("sub_old")
    period_end = datetime.datetime.fromtimestamp(PERIOD_END, tz=datetime.UTC)
    assert new == gateway.Subscription(
        id="sub_new",
        customer_id="cus_new",
        status="active",
        price_id="price_team",
        product_id="prod_team",
        quantity=3,
        current_period_end=period_end,
        cancel_at_period_end=True,
        canceled_at=None,
        ended_at=None,
        created=datetime.datetime.fromtimestamp(CREATED, tz=datetime.UTC),
        metadata={"team_id": "12"},
    )
    assert (old.customer_id, old.price_id, old.product_id) == (
        "cus_old",
        "price_legacy",
        "prod_legacy",
    )
    assert (old.status, old.quantity, old.current_period_end) == ("past_due", 1, period_end)
    assert old.canceled_at == datetime.datetime.fromtimestamp(CREATED + 60, tz=datetime.UTC)
    with pytest.raises(dataclasses.FrozenInstanceError):
        old.status = "active"  # type: ignore[misc]


def test_an_invoice_names_its_subscription_in_both_api_shapes():
    since = {"id": "in_1", "parent": {"subscription_details": {"subscription": "sub_1"}}}
    before = {"id": "in_2", "subscription": "sub_2"}
    expanded = {"id": "in_3", "subscription": {"id": "sub_3", "object": "subscription"}}
    alone = {"id": "in_4", "parent": None, "subscription": None}
    assert gateway.Invoice.from_stripe(since) == gateway.Invoice("in_1", "sub_1")
    assert gateway.Invoice.from_stripe(before).subscription_id == "sub_2"
    assert gateway.Invoice.from_stripe(expanded).subscription_id == "sub_3"
    assert gateway.Invoice.from_stripe(alone).subscription_id == ""


def test_stripe_times_beyond_a_date_and_deleted_catalogue_objects():
    assert gateway.stripe_time(0) is None
    assert gateway.stripe_time(True) is None
    assert gateway.stripe_time("1790000000") is None
    assert gateway.stripe_time(gateway.LATEST_TIMESTAMP + 1) is None
    assert gateway.stripe_time(gateway.LATEST_TIMESTAMP).year == 9999
    price = {
        "id": "price_1",
        "product": {"id": "prod_1"},
        "currency": "EUR",
        "unit_amount": 900,
        "recurring": {"interval": "month", "interval_count": 1},
        "active": True,
    }
    event = gateway.Event.from_stripe(
        {"id": "evt_1", "type": "price.deleted", "created": CREATED, "data": {"object": price}}
    )
    assert event.price() == gateway.Price(
        id="price_1",
        product_id="prod_1",
        nickname="",
        currency="eur",
        unit_amount=900,
        interval="month",
        interval_count=1,
        active=False,
    )
    assert gateway.Price.from_stripe(price).active
    assert gateway.Product.from_stripe({"id": "prod_1", "active": True, "deleted": True}) == (
        gateway.Product(id="prod_1", name="", active=False)
    )


def test_a_signed_body_that_is_no_event_is_refused_with_the_reason():
    with pytest.raises(gateway.MalformedEvent, match=r"needs data\.object"):
        gateway.Event.from_stripe({"id": "evt_1", "type": "price.updated", "data": {}})
    with pytest.raises(gateway.MalformedEvent, match="printable ASCII"):
        gateway.Event.from_stripe({"id": "evt\n", "data": {"object": {}}})
