"""The one module that talks to Stripe, through Stripe's own SDK (`StripeClient`).

Everything it returns is a plain dict in Stripe's JSON shape, so services and tests never hold
SDK objects. Every create call carries an idempotency key: a retried request (ours, or the SDK's
own network retries) gets Stripe's first answer back instead of a second customer or session.
`STRIPE_API_BASE` points the SDK at another server; the tests run a local fake Stripe there.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from site_apps.common.errors import ApplicationError, ProviderError
from site_apps.security.payloads import parse_json

# Where Checkout and the customer portal live: pages that POST there must allow them in CSP.
STRIPE_REDIRECT_ORIGINS = ("https://checkout.stripe.com", "https://billing.stripe.com")


class BillingNotConfigured(ApplicationError):
    """No STRIPE_SECRET_KEY: the site runs without online payments."""

    code = "payments_not_configured"
    http_status = 503
    message_is_public = False
    default_message = _("Online payments are not configured on this site.")


class BillingProviderError(ProviderError):
    """Stripe refused or could not be reached; the message is safe to log, not to show."""


class InvalidWebhook(Exception):
    """A webhook body whose Stripe-Signature is missing, wrong or stale, or which is not JSON."""


class NotFoundAtStripe(BillingProviderError):
    """Stripe has no such object."""


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


@cache
def _client(api_key: str, api_base: str, timeout: tuple[float, float]) -> stripe.StripeClient:
    """One try per call with the provider timeouts (PROVIDER_TIMEOUT): a hung Stripe costs a
    page seconds, not the SDK's default 80 s times its retries. A second press of the button
    is safe: every create call carries an idempotency key."""
    addresses: Any = {"api": api_base} if api_base else None
    return stripe.StripeClient(
        api_key,
        base_addresses=addresses,
        max_network_retries=0,
        http_client=stripe.RequestsClient(timeout=timeout),
    )


def client() -> stripe.StripeClient:
    if not is_configured():
        raise BillingNotConfigured("STRIPE_SECRET_KEY is not set")
    return _client(
        settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE, tuple(settings.PROVIDER_TIMEOUT)
    )


def redirect_origins() -> tuple[str, ...]:
    """Origins our forms may be redirected to (Checkout, the portal, or the tests' fake)."""
    if settings.STRIPE_API_BASE:
        parts = urlsplit(settings.STRIPE_API_BASE)
        return (*STRIPE_REDIRECT_ORIGINS, f"{parts.scheme}://{parts.netloc}")
    return STRIPE_REDIRECT_ORIGINS


def _plain(obj: Any) -> dict[str, Any]:
    return obj.to_dict(recursive=True, for_json=True)


def _call(request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    try:
        return _plain(request(*args, **kwargs))
    except stripe.InvalidRequestError as error:
        if error.code == "resource_missing":
            raise NotFoundAtStripe(str(error.user_message or error)) from error
        raise BillingProviderError(str(error.user_message or error)) from error
    except stripe.StripeError as error:
        raise BillingProviderError(str(error.user_message or error)) from error


def create_customer(*, name: str, team_id: int, email: str, idempotency_key: str) -> dict[str, Any]:
    params: Any = {"name": name, "metadata": {"team_id": str(team_id)}}
    if email:
        params["email"] = email
    return _call(client().v1.customers.create, params, {"idempotency_key": idempotency_key})


def create_checkout_session(
    *,
    customer_id: str,
    price_id: str,
    team_id: int,
    success_url: str,
    cancel_url: str,
    idempotency_key: str,
) -> dict[str, Any]:
    """A Checkout Session in subscription mode for one price, tied to the team twice over:
    `client_reference_id` on the session and `metadata.team_id` on session and subscription."""
    metadata = {"team_id": str(team_id)}
    params: Any = {
        "mode": "subscription",
        "customer": customer_id,
        "client_reference_id": str(team_id),
        "line_items": [{"price": price_id, "quantity": 1}],
        "metadata": metadata,
        "subscription_data": {"metadata": metadata},
        "success_url": success_url,
        "cancel_url": cancel_url,
        "allow_promotion_codes": True,
    }
    return _call(client().v1.checkout.sessions.create, params, {"idempotency_key": idempotency_key})


def create_portal_session(
    *, customer_id: str, return_url: str, idempotency_key: str
) -> dict[str, Any]:
    params: Any = {"customer": customer_id, "return_url": return_url}
    return _call(
        client().v1.billing_portal.sessions.create, params, {"idempotency_key": idempotency_key}
    )


def retrieve_checkout_session(session_id: str) -> dict[str, Any]:
    return _call(client().v1.checkout.sessions.retrieve, session_id)


def retrieve_subscription(subscription_id: str) -> dict[str, Any]:
    return _call(client().v1.subscriptions.retrieve, subscription_id)


def _all(service: Any) -> Iterator[dict[str, Any]]:
    try:
        for item in service.list({"limit": 100}).auto_paging_iter():
            yield _plain(item)
    except stripe.StripeError as error:
        raise BillingProviderError(str(error.user_message or error)) from error


def list_products() -> Iterator[dict[str, Any]]:
    return _all(client().v1.products)


def list_prices() -> Iterator[dict[str, Any]]:
    return _all(client().v1.prices)


def verified_event(payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event in a webhook body, once its Stripe-Signature header (t=...,v1=HMAC-SHA256 of
    "t.body" with STRIPE_WEBHOOK_SECRET) checks out and is at most five minutes old, decoded
    with the limits of `site_apps.security.payloads` (no deep nesting, no NUL characters)."""
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(
            text, signature or "", settings.STRIPE_WEBHOOK_SECRET, stripe.Webhook.DEFAULT_TOLERANCE
        )
        event = parse_json(text)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise InvalidWebhook(str(error)) from error
    if not isinstance(event, dict):
        raise InvalidWebhook("The body is not a JSON object.")
    return event
