"""Billing: the plans editors sell (`Plan`), local copies of what Stripe knows (customers,
subscriptions, prices, products) and the log of Stripe's webhook events that keeps them in step.

Stripe is the source of truth; these rows are copies written only by `services.py` from objects
Stripe sent or returned, so pages never call Stripe. Each copied row remembers when its state was
read from Stripe (`synced_at`, or the event's `created` time), and an older reading never
overwrites a newer one: events may arrive late, twice or out of order.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index

from site_apps.billing.plan_offer import preview_offer
from site_apps.billing.plans import PLANS
from site_apps.common.models import Timestampable
from site_apps.teams.models import Team

CURRENCIES = [("USD", "USD ($)"), ("EUR", "EUR (€)"), ("GBP", "GBP (£)")]


class Plan(
    PreviewableMixin,
    DraftStateMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """A subscription plan as the pricing page shows it (the live version: drafts, revisions,
    preview and scheduled publishing work as for pages).

    Editors write the content and attach the Stripe price ids for each period; the amounts
    and currency then come from the local copy of those Stripe prices (`Price` below, kept by
    `manage.py sync_stripe` and price webhooks). The hand-edited display prices are
    only a fallback, shown while a period has no synced Stripe price (e.g. Stripe is not
    configured, or for a free plan). See site_apps/billing/offers.py and docs/billing.md.

    It was the pricing page app's model (cms.pricing) until billing took it over: the table
    keeps its name, and its content type (which revisions, translations and permissions point
    at) was relabelled by migration billing 0002, so existing rows, drafts and revisions stay.
    """

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        help_text=_(
            "starter, team or business: the plan whose limits the site enforces and lists "
            "(site_apps/billing/plans.py)."
        ),
    )
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    features = models.TextField(
        _("features"),
        blank=True,
        help_text=_(
            "One feature per line, shown with a check mark after the limits the plan's slug "
            "gives (members, API, uploads): do not repeat those here."
        ),
    )
    highlighted = models.BooleanField(
        _("highlighted"), default=False, help_text=_("Shown as the recommended plan.")
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    cta_label = models.CharField(_("button label"), max_length=40, default=_("Get started"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="USD")
    monthly_amount = models.DecimalField(
        _("monthly price"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    stripe_monthly_price_id = models.CharField(
        _("Stripe monthly price id"),
        max_length=255,
        blank=True,
        help_text=_("price_... of the monthly price in Stripe; empty: not sold monthly."),
    )
    stripe_yearly_price_id = models.CharField(
        _("Stripe yearly price id"),
        max_length=255,
        blank=True,
        help_text=_("price_... of the yearly price in Stripe; empty: not sold yearly."),
    )
    yearly_amount = models.DecimalField(
        _("yearly price"),
        max_digits=9,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("The price for a whole year."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("tagline"),
        FieldPanel("features"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("stripe_monthly_price_id"), FieldPanel("stripe_yearly_price_id")]
                ),
            ],
            heading=_("Stripe prices (amounts and currency come from Stripe)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("currency"),
                FieldRowPanel([FieldPanel("monthly_amount"), FieldPanel("yearly_amount")]),
            ],
            heading=_("Fallback display prices (shown while a period has no Stripe price)"),
            classname="collapsed",
        ),
        FieldRowPanel([FieldPanel("highlighted"), FieldPanel("sort_order")]),
        FieldPanel("cta_label"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="plan")

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["sort_order", "monthly_amount"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        db_table = "pricing_plan"  # where the rows have been since cms.pricing held the model

    def __str__(self) -> str:
        return self.name

    @property
    def feature_list(self) -> list[str]:
        return [line.strip() for line in self.features.splitlines() if line.strip()]

    @property
    def revisions(self) -> Any:
        return self._revisions

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "pricing/plan_preview.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        return {"plans": [preview_offer(self)], "previewing": self}


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


class PlanGrantQuerySet(models.QuerySet["PlanGrant"]):
    def in_force(self) -> PlanGrantQuerySet:
        """Grants that give their team the plan now: not revoked, not past their end."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )


class PlanGrant(Timestampable):
    """A plan the site's operator gave a team without Stripe (a partner, a non-profit, a
    trial by hand, the local demo team): `entitlements` honours it like an entitled
    subscription, and the billing page says who gave it. Written only by
    `services.grant_plan` and `services.revoke_plan_grant` (`manage.py grant_plan`); a revoked
    or ended grant stays as the record of what was given."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="plan_grants"
    )
    plan = models.CharField(_("plan"), max_length=20, choices=[(slug, slug) for slug in PLANS])
    note = models.CharField(_("note"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PlanGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("plan grant")
        verbose_name_plural = _("plan grants")

    def __str__(self) -> str:
        return f"{self.team} · {self.plan}"


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
