"""A local fake Stripe for each test, with the settings pointing the real SDK at it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.site_apps.billing.fake_stripe import (
    API_KEY,
    WEBHOOK_SECRET,
    FakeStripe,
    fake_stripe,
    sign,
)

WEBHOOK_URL = "/billing/stripe/webhook/"


@pytest.fixture
def stripe_fake(settings) -> Iterator[FakeStripe]:
    with fake_stripe() as fake:
        settings.STRIPE_SECRET_KEY = API_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = fake.url
        yield fake


@pytest.fixture
def no_trial(settings) -> None:
    """A site whose plans are paid from the first day (BILLING_TRIAL_DAYS=0)."""
    settings.BILLING_TRIAL_DAYS = 0


def deliver(client, event: dict, *, secret: str = WEBHOOK_SECRET, signature: str | None = None):
    """POST an event to the webhook endpoint the way Stripe does: raw JSON, signed."""
    body = json.dumps(event).encode()
    header = sign(body, secret) if signature is None else signature
    headers = {"Stripe-Signature": header} if header else {}
    return client.post(WEBHOOK_URL, body, content_type="application/json", headers=headers)


@pytest.fixture
def catalogue(stripe_fake) -> dict:
    """Two products with monthly and yearly prices at the fake Stripe, copied locally."""
    from site_apps.billing.services import sync_catalogue

    team = stripe_fake.add_product("Team")
    business = stripe_fake.add_product("Business")
    prices = {
        "team_monthly": stripe_fake.add_price(team, 2900, "month"),
        "team_yearly": stripe_fake.add_price(team, 29000, "year"),
        "business_monthly": stripe_fake.add_price(business, 9900, "month"),
        "business_yearly": stripe_fake.add_price(business, 99000, "year"),
    }
    stripe_fake.events.clear()
    sync_catalogue()
    return prices
