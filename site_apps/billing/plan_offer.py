"""A plan with its prices, as values: what the pricing page, its block and checkout show.

`PlanOffer` and `Price` are plain frozen dataclasses built from a `Plan` and the local copies of
its Stripe prices; they import no model, so the `Plan` model itself can build one for its admin
preview (`Plan.get_preview_context`) while `offers.py`, which reads the rows, imports the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from site_apps.billing.plans import plan_named

if TYPE_CHECKING:
    from site_apps.billing.models import Plan

BILLING_PERIODS = ("monthly", "yearly")
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


@dataclass(frozen=True)
class Price:
    amount: Decimal
    currency: str

    @property
    def display(self) -> str:
        """`$29`, `$24.17`: whole amounts without decimals, as pricing pages show them."""
        amount = self.amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        number = f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"
        symbol = CURRENCY_SYMBOLS.get(self.currency)
        return f"{symbol}{number}" if symbol else f"{number} {self.currency}"

    @property
    def is_free(self) -> bool:
        return self.amount == 0


@dataclass(frozen=True)
class PlanOffer:
    """A plan with the prices a visitor can pay for it."""

    plan: Plan
    monthly: Price
    yearly: Price
    checkout_base: str = ""
    monthly_price_id: str = ""  # the Stripe price, when one is synced and active
    yearly_price_id: str = ""
    pricing_url: str = ""

    def price_id(self, billing: str) -> str:
        return self.yearly_price_id if billing == "yearly" else self.monthly_price_id

    def checkout_available(self, billing: str) -> bool:
        """Stripe is configured and this period has a Stripe price to check out with."""
        return bool(settings.STRIPE_SECRET_KEY and self.price_id(billing))

    def checkout_url(self, billing: str) -> str:
        """Where the subscribe button goes: sign-up for a free plan; Stripe Checkout (through
        the billing app's confirmation page) when a paid period can be bought, else the pricing
        page's explanation."""
        if self.price_for(billing).is_free:
            # Nothing to pay, whether Stripe is configured or not: a free plan starts at sign-up
            # (signed in, sign-up sends on to the person's team, which is on the free plan).
            return reverse("account_signup")
        if self.checkout_available(billing):
            return f"{reverse('billing:checkout')}?plan={self.plan.slug}&billing={billing}"
        return f"{self.checkout_base}?billing={billing}" if self.checkout_base else ""

    def price_for(self, billing: str) -> Price:
        return self.yearly if billing == "yearly" else self.monthly

    @property
    def checkout_monthly_url(self) -> str:
        return self.checkout_url("monthly")

    @property
    def checkout_yearly_url(self) -> str:
        return self.checkout_url("yearly")

    @property
    def yearly_per_month(self) -> Price:
        return Price((self.yearly.amount / 12), self.yearly.currency)

    @property
    def yearly_saving_percent(self) -> int:
        full_year = self.monthly.amount * 12
        if full_year <= 0 or self.yearly.amount >= full_year:
            return 0
        return int(((full_year - self.yearly.amount) / full_year * 100).to_integral_value())

    @property
    def included(self) -> list[str]:
        """What a team on this plan gets, from the limits the site enforces
        (site_apps/billing/plans.py), in the active language; the editors' `features` follow."""
        limits = plan_named(self.plan.slug)
        return limits.included() if limits else []

    @property
    def payments_configured(self) -> bool:
        return bool(settings.STRIPE_SECRET_KEY)


def _price(stripe_prices: dict[str, Any], price_id: str, fallback: Price) -> tuple[Price, str]:
    """The synced Stripe price as a display price and its id, or the fallback and no id."""
    synced = stripe_prices.get(price_id) if price_id else None
    if synced is None:
        return fallback, ""
    return Price(synced.amount, synced.currency.upper()), price_id


def offer_for(plan: Plan, pricing_url: str, stripe_prices: dict[str, Any]) -> PlanOffer:
    """The offer for `plan`: its synced Stripe prices where there are some, else its fallback
    display prices (`stripe_prices` maps a Stripe price id to its local copy)."""
    monthly, monthly_id = _price(
        stripe_prices, plan.stripe_monthly_price_id, Price(plan.monthly_amount, plan.currency)
    )
    yearly, yearly_id = _price(
        stripe_prices, plan.stripe_yearly_price_id, Price(plan.yearly_amount, plan.currency)
    )
    return PlanOffer(
        plan=plan,
        monthly=monthly,
        yearly=yearly,
        checkout_base=f"{pricing_url}checkout/{plan.slug}/" if pricing_url else "",
        monthly_price_id=monthly_id,
        yearly_price_id=yearly_id,
        pricing_url=pricing_url,
    )


def preview_offer(plan: Plan) -> PlanOffer:
    """A plan being previewed in the admin, with its fallback display prices and no checkout."""
    return offer_for(plan, "", {})
