"""The one module that talks to Stripe, through Stripe's own SDK (`StripeClient`).

Everything it returns is a frozen dataclass of ours (`Customer`, `CheckoutSession`,
`PortalSession`, `Subscription`, `Invoice`, `Price`, `Product`, `Event`), read from Stripe's JSON
here and only here, so services never parse provider JSON and never hold SDK objects. Stripe's
API-version quirks are absorbed in these readers: the subscription's period end moved onto its
items (API 2025-03-31), and so did an invoice's subscription (under
`parent.subscription_details`); ids may come expanded into whole objects; times are seconds
since 1970, read as aware datetimes (None when absent, or beyond what a date can hold).

Every create call carries an idempotency key: a retried request (ours, or the SDK's own network
retries) gets Stripe's first answer back instead of a second customer or session.
`STRIPE_API_BASE` points the SDK at another server; the tests run a local fake Stripe there.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Self
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


class MalformedEvent(Exception):
    """A signed webhook body that is not an event we can record; the message says why."""


class NotFoundAtStripe(BillingProviderError):
    """Stripe has no such object."""


# --- What Stripe's JSON holds, as our values ---------------------------------------------------

# Stripe's times are seconds since 1970; what a date column can hold, and no more.
LATEST_TIMESTAMP = 253_402_300_799  # 9999-12-31 23:59:59 UTC


def stripe_time(seconds: Any) -> datetime.datetime | None:
    """A Stripe time as a date, or None when there is none (or none a date can hold)."""
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds <= 0:
        return None
    if seconds > LATEST_TIMESTAMP:
        return None
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def _id(value: Any) -> str:
    """Stripe fields hold an id, or the whole object when expanded."""
    if isinstance(value, dict):
        return str(value.get("id", ""))
    return str(value or "")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _metadata(value: Any) -> dict[str, str]:
    return {str(key): str(item) for key, item in _dict(value).items()}


@dataclass(frozen=True)
class Customer:
    id: str

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any]) -> Self:
        return cls(id=_id(data.get("id")))


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str
    mode: str  # "subscription", "payment" or "setup"
    status: str  # "open", "complete" or "expired"
    customer_id: str
    subscription_id: str  # "" until a subscription checkout completes
    client_reference_id: str
    metadata: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=_id(data.get("id")),
            url=str(data.get("url") or ""),
            mode=str(data.get("mode") or ""),
            status=str(data.get("status") or ""),
            customer_id=_id(data.get("customer")),
            subscription_id=_id(data.get("subscription")),
            client_reference_id=str(data.get("client_reference_id") or ""),
            metadata=_metadata(data.get("metadata")),
        )


@dataclass(frozen=True)
class PortalSession:
    id: str
    url: str

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any]) -> Self:
        return cls(id=_id(data.get("id")), url=str(data.get("url") or ""))


@dataclass(frozen=True)
class Subscription:
    """A subscription as its first item describes it (we sell one price per subscription)."""

    id: str
    customer_id: str
    status: str
    price_id: str
    product_id: str
    quantity: int
    current_period_end: datetime.datetime | None
    cancel_at_period_end: bool
    canceled_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    created: datetime.datetime | None
    metadata: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any]) -> Self:
        items = _dict(data.get("items")).get("data") or [{}]
        item = _dict(items[0])
        # Old API versions also name the price `plan`, on the subscription itself.
        price = item.get("price") or data.get("plan") or {}
        product = price.get("product") if isinstance(price, dict) else ""
        return cls(
            id=_id(data.get("id")),
            customer_id=_id(data.get("customer")),
            status=str(data.get("status") or ""),
            price_id=_id(price),
            product_id=_id(product),
            quantity=item.get("quantity") or 1,
            # Stripe moved the period to the items (API 2025-03-31); older versions have it on
            # the subscription itself.
            current_period_end=stripe_time(
                item.get("current_period_end") or data.get("current_period_end")
            ),
            cancel_at_period_end=bool(data.get("cancel_at_period_end")),
            canceled_at=stripe_time(data.get("canceled_at")),
            ended_at=stripe_time(data.get("ended_at")),
            created=stripe_time(data.get("created")),
            metadata=_metadata(data.get("metadata")),
        )


@dataclass(frozen=True)
class Invoice:
    id: str
    subscription_id: str  # "" for an invoice that belongs to no subscription

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any]) -> Self:
        subscription_id = _id(data.get("subscription"))
        if not subscription_id:
            # API 2025-03-31 and later: the subscription sits under parent.subscription_details.
            details = _dict(_dict(data.get("parent")).get("subscription_details"))
            subscription_id = _id(details.get("subscription"))
        return cls(id=_id(data.get("id")), subscription_id=subscription_id)


@dataclass(frozen=True)
class Price:
    id: str
    product_id: str
    nickname: str
    currency: str  # lower case, as Stripe writes it
    unit_amount: Any  # cents; Stripe's value as sent (the column checks it before storing)
    interval: str  # "month", "year"..., "" for a one-off price
    interval_count: Any
    active: bool  # False once deleted at Stripe too

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any], *, deleted: bool = False) -> Self:
        recurring = _dict(data.get("recurring"))
        return cls(
            id=_id(data.get("id")),
            product_id=_id(data.get("product")),
            nickname=data.get("nickname") or "",
            currency=str(data.get("currency", "")).lower(),
            unit_amount=data.get("unit_amount"),
            interval=recurring.get("interval") or "",
            interval_count=recurring.get("interval_count") or 1,
            active=bool(data.get("active")) and not (deleted or data.get("deleted")),
        )


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    active: bool  # False once deleted at Stripe too

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any], *, deleted: bool = False) -> Self:
        return cls(
            id=_id(data.get("id")),
            name=data.get("name") or "",
            active=bool(data.get("active")) and not (deleted or data.get("deleted")),
        )


# The longest Stripe id we store; an event id must also be printable ASCII.
MAX_STRIPE_ID = 255


@dataclass(frozen=True)
class Event:
    """A webhook event: its envelope read, its object (`data.object`) kept as Stripe sent it, to
    be read by the type its `type` names (`subscription()`, `price()`...)."""

    id: str
    type: str
    created: datetime.datetime | None
    livemode: bool
    object: Mapping[str, Any]
    payload: Mapping[str, Any]  # the whole event, as recorded

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any]) -> Self:
        """The event in a recorded payload; raises `MalformedEvent` when it is not one."""
        problem = _event_problem(data)
        if problem:
            raise MalformedEvent(problem)
        return cls(
            id=data["id"],
            type=str(data.get("type", "")),
            created=stripe_time(data.get("created")),
            livemode=bool(data.get("livemode")),
            object=data["data"]["object"],
            payload=data,
        )

    @property
    def kind(self) -> str:
        """What the event is about: "price" for `price.updated`, "customer" for
        `customer.subscription.created`..."""
        return self.type.partition(".")[0]

    @property
    def deletes(self) -> bool:
        return self.type.endswith(".deleted")

    def checkout_session(self) -> CheckoutSession:
        return CheckoutSession.from_stripe(self.object)

    def subscription(self) -> Subscription:
        return Subscription.from_stripe(self.object)

    def invoice(self) -> Invoice:
        return Invoice.from_stripe(self.object)

    def price(self) -> Price:
        return Price.from_stripe(self.object, deleted=self.type == "price.deleted")

    def product(self) -> Product:
        return Product.from_stripe(self.object, deleted=self.type == "product.deleted")


def _event_problem(event: Mapping[str, Any]) -> str:
    """Why a verified body is not an event we can record ("" when it is): its id and shape."""
    event_id = event.get("id")
    if not isinstance(event_id, str) or not event_id or len(event_id) > MAX_STRIPE_ID:
        return "A Stripe event needs an id of at most 255 characters."
    if not event_id.isascii() or not event_id.isprintable():
        return "A Stripe event id is printable ASCII."
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        return "A Stripe event needs data.object."
    if not isinstance(event.get("type", ""), str) or not isinstance(event.get("created", 0), int):
        return "A Stripe event's type is text and its created time a number."
    if "created" in event and stripe_time(event["created"]) is None:
        return "A Stripe event's created time is seconds since 1970 that a date can hold."
    return ""


# --- Calls --------------------------------------------------------------------------------------


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


def _call(method: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    try:
        return _plain(method(*args, **kwargs))
    except stripe.InvalidRequestError as error:
        if error.code == "resource_missing":
            raise NotFoundAtStripe(str(error.user_message or error)) from error
        raise BillingProviderError(str(error.user_message or error)) from error
    except stripe.StripeError as error:
        raise BillingProviderError(str(error.user_message or error)) from error


def create_customer(*, name: str, team_id: int, email: str, idempotency_key: str) -> Customer:
    params: Any = {"name": name, "metadata": {"team_id": str(team_id)}}
    if email:
        params["email"] = email
    return Customer.from_stripe(
        _call(client().v1.customers.create, params, {"idempotency_key": idempotency_key})
    )


def create_checkout_session(
    *,
    customer_id: str,
    price_id: str,
    team_id: int,
    success_url: str,
    cancel_url: str,
    idempotency_key: str,
    trial_days: int = 0,
) -> CheckoutSession:
    """A Checkout Session in subscription mode for one price, tied to the team twice over:
    `client_reference_id` on the session and `metadata.team_id` on session and subscription.
    With `trial_days`, the subscription starts with that many free days and Checkout asks for
    no card; if none was added by the trial's end, Stripe cancels the subscription."""
    metadata = {"team_id": str(team_id)}
    subscription_data: dict[str, Any] = {"metadata": metadata}
    if trial_days > 0:
        subscription_data["trial_period_days"] = trial_days
        subscription_data["trial_settings"] = {"end_behavior": {"missing_payment_method": "cancel"}}
    params: Any = {
        "mode": "subscription",
        "customer": customer_id,
        "client_reference_id": str(team_id),
        "line_items": [{"price": price_id, "quantity": 1}],
        "metadata": metadata,
        "subscription_data": subscription_data,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "allow_promotion_codes": True,
    }
    if trial_days > 0:
        params["payment_method_collection"] = "if_required"
    return CheckoutSession.from_stripe(
        _call(client().v1.checkout.sessions.create, params, {"idempotency_key": idempotency_key})
    )


def create_portal_session(
    *, customer_id: str, return_url: str, idempotency_key: str
) -> PortalSession:
    params: Any = {"customer": customer_id, "return_url": return_url}
    return PortalSession.from_stripe(
        _call(
            client().v1.billing_portal.sessions.create,
            params,
            {"idempotency_key": idempotency_key},
        )
    )


def retrieve_checkout_session(session_id: str) -> CheckoutSession:
    return CheckoutSession.from_stripe(_call(client().v1.checkout.sessions.retrieve, session_id))


def retrieve_subscription(subscription_id: str) -> Subscription:
    return Subscription.from_stripe(_call(client().v1.subscriptions.retrieve, subscription_id))


def _all(service: Any) -> Iterator[dict[str, Any]]:
    try:
        for item in service.list({"limit": 100}).auto_paging_iter():
            yield _plain(item)
    except stripe.StripeError as error:
        raise BillingProviderError(str(error.user_message or error)) from error


def list_products() -> Iterator[Product]:
    return (Product.from_stripe(data) for data in _all(client().v1.products))


def list_prices() -> Iterator[Price]:
    return (Price.from_stripe(data) for data in _all(client().v1.prices))


def verified_event(payload: bytes, signature: str | None) -> Event:
    """The event in a webhook body, once its Stripe-Signature header (t=...,v1=HMAC-SHA256 of
    "t.body" with STRIPE_WEBHOOK_SECRET) checks out and is at most five minutes old, decoded
    with the limits of `site_apps.security.payloads` (no deep nesting, no NUL characters).
    Raises `InvalidWebhook` for a bad signature or body, `MalformedEvent` for a signed body that
    is no event we can record (no proper id, type, time or data.object)."""
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
    return Event.from_stripe(event)
