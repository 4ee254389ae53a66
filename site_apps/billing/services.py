"""Billing use cases: start checkout and the portal, and apply what Stripe tells us.

State always comes from Stripe's objects themselves, never from which event arrived last:
subscription events fetch the subscription from Stripe and store it with the moment it was read
(`synced_at`); a stored state is only replaced by a newer reading, under a row lock. Price and
product events carry the whole object and are ordered by the event's `created` time.
Webhook events are recorded once by id and answered at once; a task (`tasks.py`) applies
each one, reading Stripe before its one short transaction, and retries with backoff.

Everything from Stripe arrives as the gateway's typed values (`gateway.Subscription`,
`gateway.Price`, `gateway.Event`...): this module never reads Stripe's JSON itself.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import structlog
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from site_apps.billing import gateway, selectors
from site_apps.billing.models import (
    Customer,
    PlanGrant,
    Price,
    Product,
    Subscription,
    WebhookEvent,
)
from site_apps.billing.plans import PLANS
from site_apps.common.errors import ApplicationError
from site_apps.common.users import Person
from site_apps.teams import policy
from site_apps.teams.models import Membership, Team

logger = structlog.get_logger(__name__)


class BillingError(ApplicationError):
    """A billing action that cannot go ahead; the message is fit to show the person."""

    code = "billing_error"


class AlreadySubscribed(BillingError):
    """The team pays already: plan changes go through the customer portal, not a second
    subscription."""


# --- Customers, checkout and the portal --------------------------------------------------------


def ensure_customer(team: Team, *, email: str = "") -> Customer:
    """The team's Stripe customer, created at Stripe (once: the idempotency key is the team's)
    the first time the team checks out."""
    existing = Customer.objects.filter(team=team).first()
    if existing:
        return existing
    remote = gateway.create_customer(
        name=team.name, team_id=team.pk, email=email, idempotency_key=f"team-{team.pk}-customer"
    )
    customer, _ = Customer.objects.get_or_create(team=team, defaults={"stripe_id": remote.id})
    return customer


@dataclass(frozen=True)
class CheckoutStart:
    url: str
    session_id: str


def start_checkout(
    actor: Membership,
    *,
    price_id: str,
    attempt: str,
    success_url: str,
    cancel_url: str,
) -> CheckoutStart:
    """A Stripe Checkout Session for the actor's team; only owners and admins may start one.

    `attempt` identifies one press of the button (a token in the form), so a double submit
    gets the same session back from Stripe rather than a second one."""
    policy.can_manage_billing(actor).require()
    if not gateway.is_configured():
        raise BillingError(_("Online payments are not configured on this site."))
    if not Price.objects.filter(stripe_id=price_id, active=True).exists():
        raise BillingError(_("This plan cannot be bought right now."))
    team = actor.team
    if Subscription.objects.filter(team=team).entitled().exists():
        raise AlreadySubscribed(
            _("Your team already has a subscription: change plans from the team's billing page.")
        )
    trial_days = selectors.trial_days_for(team)
    customer = ensure_customer(team, email=actor.user.email)
    key = hashlib.sha256(f"{team.pk}:{price_id}:{actor.user_id}:{attempt}".encode()).hexdigest()
    session = gateway.create_checkout_session(
        customer_id=customer.stripe_id,
        price_id=price_id,
        team_id=team.pk,
        success_url=success_url,
        cancel_url=cancel_url,
        idempotency_key=f"checkout-{key}",
        trial_days=trial_days,
    )
    logger.info(
        "checkout_started",
        team_id=team.pk,
        price=price_id,
        session=session.id,
        trial_days=trial_days,
    )
    return CheckoutStart(url=session.url, session_id=session.id)


def portal_url(actor: Membership, *, return_url: str, attempt: str) -> str:
    """A Stripe customer portal session for the team (payment methods, plan, cancellation)."""
    policy.can_manage_billing(actor).require()
    customer = Customer.objects.filter(team=actor.team).first()
    if customer is None:
        raise BillingError(_("This team has no subscription to manage yet."))
    session = gateway.create_portal_session(
        customer_id=customer.stripe_id,
        return_url=return_url,
        idempotency_key=f"portal-{customer.stripe_id}-{attempt}",
    )
    return session.url


# --- Plans the operator grants without Stripe ----------------------------------------------------


def grant_plan(
    team: Team,
    *,
    plan: str,
    note: str = "",
    granted_by: Person | None = None,
    ends_at: datetime.datetime | None = None,
) -> PlanGrant:
    """Give the team `plan` without Stripe, until `ends_at` (or until revoked): a grant in
    force before it is revoked, so a team holds one grant at a time and the record of each
    stays. Stripe is not involved: nothing is charged, and the billing page says who gave it."""
    if plan not in PLANS:
        raise BillingError(
            _("No such plan: %(plan)s. Plans: %(plans)s.")
            % {"plan": plan, "plans": ", ".join(PLANS)}
        )
    if ends_at is not None and ends_at <= timezone.now():
        raise BillingError(_("A grant's end must be in the future."))
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=team.pk).first()  # one grant change at a time
        PlanGrant.objects.filter(team=team).in_force().update(
            revoked_at=timezone.now(), updated_at=timezone.now()
        )
        grant = PlanGrant.objects.create(
            team=team, plan=plan, note=note[:200], granted_by=granted_by, ends_at=ends_at
        )
    logger.info("plan_granted", team_id=team.pk, plan=plan, grant_id=grant.pk)
    return grant


def revoke_plan_grant(team: Team) -> int:
    """End the team's grant in force now (the team is back on what it pays for, or the free
    plan); the row stays as the record. Returns how many were ended (0 or 1)."""
    ended = (
        PlanGrant.objects.filter(team=team)
        .in_force()
        .update(revoked_at=timezone.now(), updated_at=timezone.now())
    )
    logger.info("plan_grant_revoked", team_id=team.pk, ended=ended)
    return ended


# --- Applying Stripe's state --------------------------------------------------------------------


MAX_DATABASE_ID = 2**63 - 1


def _team_id(value: str | None) -> int | None:
    """A team id from Stripe metadata: a positive whole number that fits the column, or None."""
    text = value or ""
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_DATABASE_ID:
        return None
    return int(text)


def _team_for(customer_id: str, metadata: Mapping[str, str]) -> Team | None:
    customer = Customer.objects.filter(stripe_id=customer_id).select_related("team").first()
    if customer:
        return customer.team
    team_id = _team_id(metadata.get("team_id"))
    return Team.objects.filter(pk=team_id).first() if team_id else None


def _customer_for(team: Team, customer_id: str) -> Customer:
    customer, created = Customer.objects.get_or_create(
        team=team, defaults={"stripe_id": customer_id}
    )
    if not created and customer.stripe_id != customer_id:
        logger.warning(
            "customer_replaced", team_id=team.pk, old=customer.stripe_id, new=customer_id
        )
        customer.stripe_id = customer_id
        customer.save(update_fields=["stripe_id", "updated_at"])
    return customer


def apply_subscription(
    subscription: gateway.Subscription, *, read_at: datetime.datetime
) -> Subscription | None:
    """Store a Stripe subscription as read at `read_at`, unless a newer reading is already
    stored. Returns the row, or None when the subscription belongs to no known team."""
    team = _team_for(subscription.customer_id, subscription.metadata)
    if team is None:
        logger.warning("subscription_without_team", subscription=subscription.id)
        return None
    customer = _customer_for(team, subscription.customer_id)
    values = {
        "team": team,
        "customer": customer,
        "status": subscription.status,
        "price_stripe_id": subscription.price_id,
        "product_stripe_id": subscription.product_id,
        "quantity": subscription.quantity,
        "current_period_end": subscription.current_period_end,
        "cancel_at_period_end": subscription.cancel_at_period_end,
        "canceled_at": subscription.canceled_at,
        "ended_at": subscription.ended_at,
        "stripe_created": subscription.created or read_at,
        "synced_at": read_at,
    }
    return _store_reading(Subscription, subscription.id, values, read_at, tie_wins=False)


@dataclass(frozen=True)
class Reading:
    """A Stripe subscription as read at a moment: fetched before any transaction opens, stored
    after."""

    subscription: gateway.Subscription
    read_at: datetime.datetime


def read_subscription(subscription_id: str) -> Reading:
    """The subscription as Stripe has it now (a call to Stripe: never inside a transaction)."""
    read_at = timezone.now()
    return Reading(gateway.retrieve_subscription(subscription_id), read_at)


def _checkout_subscription(session: gateway.CheckoutSession) -> Reading | None:
    """For a completed subscription checkout, its subscription read from Stripe."""
    if session.mode != "subscription" or not session.subscription_id:
        return None
    return read_subscription(session.subscription_id)


def _apply_checkout(session: gateway.CheckoutSession, reading: Reading) -> Subscription | None:
    team_id = _team_id(session.client_reference_id or session.metadata.get("team_id"))
    team = Team.objects.filter(pk=team_id).first() if team_id else None
    if team is not None and session.customer_id:
        _customer_for(team, session.customer_id)
    return apply_subscription(reading.subscription, read_at=reading.read_at)


def _price_values(price: gateway.Price, read_at: datetime.datetime) -> dict[str, Any]:
    return {
        "product_stripe_id": price.product_id,
        "nickname": price.nickname,
        "currency": price.currency,
        "unit_amount": price.unit_amount,
        "interval": price.interval,
        "interval_count": price.interval_count,
        "active": price.active,
        "synced_at": read_at,
    }


def apply_price(price: gateway.Price, *, read_at: datetime.datetime) -> Price:
    values = _price_values(price, read_at)
    return _store_reading(Price, price.id, values, read_at, tie_wins=True)


def _product_values(product: gateway.Product, read_at: datetime.datetime) -> dict[str, Any]:
    return {"name": product.name, "active": product.active, "synced_at": read_at}


def apply_product(product: gateway.Product, *, read_at: datetime.datetime) -> Product:
    values = _product_values(product, read_at)
    return _store_reading(Product, product.id, values, read_at, tie_wins=True)


def _stored_copy_problem(event: gateway.Event) -> str:
    """Prices and products are stored from the event's own copy: each value must fit its
    column (else the database refuses it, and every retry fails the same way)."""
    kind = event.kind
    row: Price | Product
    if kind == "price":
        price = event.price()
        row = Price(stripe_id=price.id, **_price_values(price, timezone.now()))
    elif kind == "product":
        product = event.product()
        row = Product(stripe_id=product.id, **_product_values(product, timezone.now()))
    else:
        return ""
    try:
        row.clean_fields()
    except (ValidationError, TypeError, ValueError) as error:
        return f"A Stripe {kind} holds values this site cannot store: {error}"[:300]
    return ""


def _store_reading[M: (Subscription, Price, Product)](
    model: type[M],
    stripe_id: str,
    values: dict[str, Any],
    read_at: datetime.datetime,
    *,
    tie_wins: bool,
) -> M:
    """Create the local copy of a Stripe object, or update it under a row lock unless the stored
    copy was read later than `read_at`. On an equal time, `tie_wins` says whether this reading
    replaces the stored one (prices and products are timed by their event's `created` second, so
    the later delivery wins; subscriptions by the moment they were fetched)."""
    row, created = model._default_manager.get_or_create(stripe_id=stripe_id, defaults=values)
    if created:
        return row
    row = model._default_manager.select_for_update().get(pk=row.pk)
    if row.synced_at > read_at or (row.synced_at == read_at and not tie_wins):
        return row  # what we have is newer than this reading
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row


@dataclass(frozen=True)
class SyncResult:
    products: int
    prices: int


def sync_catalogue() -> SyncResult:
    """Copy every Stripe product and price (the `sync_stripe` command)."""
    read_at = timezone.now()
    products = list(gateway.list_products())
    prices = list(gateway.list_prices())
    with transaction.atomic():
        for product in products:
            apply_product(product, read_at=read_at)
        for price in prices:
            apply_price(price, read_at=read_at)
    return SyncResult(products=len(products), prices=len(prices))


# --- Webhook events -----------------------------------------------------------------------------
# Each handler reads what it needs from Stripe first, outside any transaction, and returns the
# change to make; `process_recorded_event` makes it in one short transaction under the event's
# row lock. Stripe is never called while a row is locked.

Change = Callable[[], Any]


def _gone_at_stripe(event: gateway.Event, subscription_id: str) -> None:
    """A subscription the event names that Stripe no longer has (test data deleted in the
    dashboard) and whose copy the event does not carry: nothing to apply. Acknowledged, not
    failed: a failure would be answered 500 and retried by Stripe for days, in vain."""
    logger.warning(
        "stripe_event_subscription_gone",
        event_id=event.id,
        type=event.type,
        subscription=subscription_id,
    )


def _on_checkout_completed(event: gateway.Event) -> Change | None:
    session = event.checkout_session()
    try:
        reading = _checkout_subscription(session)
    except gateway.NotFoundAtStripe:
        _gone_at_stripe(event, session.subscription_id)
        return None
    return None if reading is None else lambda: _apply_checkout(session, reading)


def _on_subscription_event(event: gateway.Event) -> Change:
    subscription = event.subscription()
    try:
        reading = read_subscription(subscription.id)
    except gateway.NotFoundAtStripe:
        # Gone at Stripe (e.g. test data deleted): the event's copy, as of the event, is all
        # there is; without this, the event would be retried for days.
        reading = Reading(subscription, event.created or timezone.now())
    return lambda: apply_subscription(reading.subscription, read_at=reading.read_at)


def _on_invoice_event(event: gateway.Event) -> Change | None:
    """Paid or failed invoices change the subscription's status: read it again."""
    subscription_id = event.invoice().subscription_id
    if not subscription_id:
        return None
    try:
        reading = read_subscription(subscription_id)
    except gateway.NotFoundAtStripe:
        _gone_at_stripe(event, subscription_id)
        return None
    return lambda: apply_subscription(reading.subscription, read_at=reading.read_at)


def _on_price_event(event: gateway.Event) -> Change:
    price = event.price()
    return lambda: apply_price(price, read_at=event.created or timezone.now())


def _on_product_event(event: gateway.Event) -> Change:
    product = event.product()
    return lambda: apply_product(product, read_at=event.created or timezone.now())


HANDLERS: dict[str, Callable[[gateway.Event], Change | None]] = {
    "checkout.session.completed": _on_checkout_completed,
    "customer.subscription.created": _on_subscription_event,
    "customer.subscription.updated": _on_subscription_event,
    "customer.subscription.deleted": _on_subscription_event,
    "invoice.paid": _on_invoice_event,
    "invoice.payment_failed": _on_invoice_event,
    "price.created": _on_price_event,
    "price.updated": _on_price_event,
    "price.deleted": _on_price_event,
    "product.created": _on_product_event,
    "product.updated": _on_product_event,
    "product.deleted": _on_product_event,
}


def event_problem(event: gateway.Event) -> str:
    """Why a verified event cannot be recorded ("" when it can): the gateway has checked its id
    and shape; here, whether the copy a price or product event carries fits our columns."""
    return _stored_copy_problem(event)


def record_event(event: gateway.Event) -> WebhookEvent:
    """The event's row, created the first time its id arrives (committed at once)."""
    defaults = {
        "type": event.type[:100],
        "livemode": event.livemode,
        "stripe_created": event.created or timezone.now(),
        "payload": dict(event.payload),
    }
    try:
        row, _ = WebhookEvent.objects.get_or_create(stripe_id=event.id, defaults=defaults)
    except IntegrityError:  # the same event, recorded at this moment by another delivery
        row = WebhookEvent.objects.get(stripe_id=event.id)
    return row


def process_recorded_event(event_pk: int) -> str:
    """Apply a recorded event once: "processed", "ignored" (a type we do not act on) or
    "duplicate" (done before). Stripe is read first; the change and `processed_at` are written
    together in one transaction, so a failure leaves nothing half-done and can be retried."""
    row = WebhookEvent.objects.get(pk=event_pk)
    if row.processed_at is not None:
        return "duplicate"
    handler = HANDLERS.get(row.type)
    # Recorded only once the gateway read it as an event, so it reads back as one.
    change = handler(gateway.Event.from_stripe(row.payload)) if handler is not None else None
    with transaction.atomic():
        row = WebhookEvent.objects.select_for_update().get(pk=event_pk)
        if row.processed_at is not None:
            return "duplicate"
        if change is not None:
            change()
        row.processed_at = timezone.now()
        row.error = ""
        row.save(update_fields=["processed_at", "error", "updated_at"])
    return "processed" if handler else "ignored"


def note_failure(event_pk: int, *, error: BaseException) -> WebhookEvent:
    """Count a failed attempt on the event's row and keep its error, for the retry and the
    admin. Returns the row as it now stands."""
    message = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        row = WebhookEvent.objects.select_for_update().get(pk=event_pk)
        if row.processed_at is None:
            row.error = message
            row.attempts += 1
            row.save(update_fields=["error", "attempts", "updated_at"])
    logger.error(
        "stripe_event_failed",
        event_id=row.stripe_id,
        type=row.type,
        attempts=row.attempts,
        error=message,
    )
    return row


def checkout_return(user: Person, *, session_id: str) -> tuple[Membership, Subscription | None]:
    """The success page: the person's membership in the team that checked out, and the
    subscription read back from Stripe (stored at once, webhook or not)."""
    session = gateway.retrieve_checkout_session(session_id)
    team_id = _team_id(session.client_reference_id)
    actor = (
        Membership.objects.filter(user=user, team_id=team_id).select_related("team").first()
        if team_id
        else None
    )
    if actor is None:
        raise BillingError(_("This checkout belongs to a team you are not a member of."))
    if session.status != "complete":
        return actor, None
    reading = _checkout_subscription(session)  # Stripe first, then the short transaction
    if reading is None:
        return actor, None
    with transaction.atomic():
        return actor, _apply_checkout(session, reading)
