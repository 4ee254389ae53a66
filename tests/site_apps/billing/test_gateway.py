"""The gateway drives Stripe's real SDK; here against the fake Stripe, seen from its side."""

from __future__ import annotations

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
    assert again["id"] == customer["id"]  # Stripe answered the retry with the first result
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
