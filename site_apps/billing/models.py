"""Billing: local copies of what Stripe knows (customers, subscriptions, prices, products) and the
log of Stripe's webhook events that keeps them in step.

Stripe is the source of truth; these rows are copies written only by `services.py` from objects
Stripe sent or returned, so pages never call Stripe. Each copied row remembers when its state was
read from Stripe (`synced_at`, or the event's `created` time), and an older reading never
overwrites a newer one: events may arrive late, twice or out of order.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from site_apps.common.models import Timestampable
from site_apps.teams.models import Team


class Product(Timestampable):
    """A Stripe product (what a price sells)."""

    stripe_id = models.CharField(_("Stripe id"), max_length=255, unique=True)
    name = models.CharField(_("name"), max_length=255, blank=True)
    active = models.BooleanField(_("active"), default=True)
    synced_at = models.DateTimeField(_("state as of"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("Stripe product")
        verbose_name_plural = _("Stripe products")

    def __str__(self) -> str:
        return self.name or self.stripe_id


class Price(Timestampable):
    """A Stripe price: the amount and currency the pricing page shows for a plan's period."""

    stripe_id = models.CharField(_("Stripe id"), max_length=255, unique=True)
    product_stripe_id = models.CharField(_("product"), max_length=255, blank=True)
    nickname = models.CharField(_("nickname"), max_length=255, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    unit_amount = models.BigIntegerField(
        _("amount (smallest unit)"), null=True, blank=True, help_text=_("e.g. cents")
    )
    interval = models.CharField(_("interval"), max_length=10, blank=True)
    interval_count = models.PositiveSmallIntegerField(_("interval count"), default=1)
    active = models.BooleanField(_("active"), default=True)
    synced_at = models.DateTimeField(_("state as of"))

    # Currencies Stripe counts in whole units (no cents): https://docs.stripe.com/currencies
    ZERO_DECIMAL = frozenset(
        {
            "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
            "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
        }
    )  # fmt: skip

    class Meta:
        ordering = ["product_stripe_id", "unit_amount"]
        verbose_name = _("Stripe price")
        verbose_name_plural = _("Stripe prices")

    def __str__(self) -> str:
        return f"{self.nickname or self.stripe_id} ({self.amount} {self.currency.upper()})"

    @property
    def amount(self) -> Decimal:
        """The amount in the currency's main unit (dollars, not cents)."""
        minor = Decimal(self.unit_amount or 0)
        return minor if self.currency.lower() in self.ZERO_DECIMAL else minor / 100


class Customer(Timestampable):
    """The Stripe customer paying for a team: one per team, made at its first checkout."""

    team = models.OneToOneField(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="stripe_customer"
    )
    stripe_id = models.CharField(_("Stripe id"), max_length=255, unique=True)

    class Meta:
        ordering = ["team__name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return f"{self.team} ({self.stripe_id})"


class SubscriptionStatus(models.TextChoices):
    """Stripe's subscription statuses, as they are."""

    INCOMPLETE = "incomplete", _("Incomplete")
    INCOMPLETE_EXPIRED = "incomplete_expired", _("Incomplete, expired")
    TRIALING = "trialing", _("Trialing")
    ACTIVE = "active", _("Active")
    PAST_DUE = "past_due", _("Past due")
    CANCELED = "canceled", _("Canceled")
    UNPAID = "unpaid", _("Unpaid")
    PAUSED = "paused", _("Paused")


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def entitled(self) -> SubscriptionQuerySet:
        """Subscriptions that give their team the paid features (see entitlements.py)."""
        return self.filter(status__in=Subscription.ENTITLED_STATUSES)


class Subscription(Timestampable):
    """A team's Stripe subscription, copied from the subscription object itself.

    `synced_at` is when this state was read from Stripe: `services.apply_subscription` only
    writes a reading newer than the stored one, so arrival order does not matter.
    """

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    stripe_id = models.CharField(_("Stripe id"), max_length=255, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=SubscriptionStatus.choices)
    price_stripe_id = models.CharField(_("price"), max_length=255, blank=True)
    product_stripe_id = models.CharField(_("product"), max_length=255, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    current_period_end = models.DateTimeField(_("current period ends"), null=True, blank=True)
    cancel_at_period_end = models.BooleanField(_("cancels at period end"), default=False)
    canceled_at = models.DateTimeField(_("canceled"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    stripe_created = models.DateTimeField(_("created in Stripe"))
    synced_at = models.DateTimeField(_("state as of"))

    ENTITLED_STATUSES = (
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.TRIALING,
        # Stripe is still retrying the payment: the team keeps its features meanwhile.
        SubscriptionStatus.PAST_DUE,
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-stripe_created"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return f"{self.team} · {self.get_status_display()} ({self.stripe_id})"

    @property
    def is_entitled(self) -> bool:
        return self.status in self.ENTITLED_STATUSES


class WebhookEvent(Timestampable):
    """Every Stripe event received, once by its id: the idempotency record and the event log.

    `processed_at` is set in the same transaction as the changes the event made; `error` keeps
    the last failure (written after that transaction rolled back, so a retry processes it).
    """

    stripe_id = models.CharField(_("Stripe event id"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100, db_index=True)
    livemode = models.BooleanField(_("live mode"), default=False)
    stripe_created = models.DateTimeField(_("created in Stripe"))
    payload = models.JSONField(_("payload"))
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-stripe_created", "-pk"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self) -> str:
        return f"{self.type} ({self.stripe_id})"
