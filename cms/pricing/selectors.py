"""Reads for the pricing page and the pricing-table block.

This is the seam for the billing issue: templates ask only for `plans_with_prices()` and render
each offer's prices, so once real prices come from the payment provider, only this module and
the checkout button component change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant

from cms.content_cache import cached_content
from cms.pricing.models import Plan

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

    def checkout_url(self, billing: str) -> str:
        """Where the subscribe button goes (the pricing page explains payments are not set up)."""
        return f"{self.checkout_base}?billing={billing}" if self.checkout_base else ""

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
    def checkout_available(self) -> bool:
        """Payments are not configured yet: the billing issue turns this on."""
        return False


def _offer(plan: Plan, pricing_url: str) -> PlanOffer:
    return PlanOffer(
        plan=plan,
        monthly=Price(plan.monthly_amount, plan.currency),
        yearly=Price(plan.yearly_amount, plan.currency),
        checkout_base=f"{pricing_url}checkout/{plan.slug}/" if pricing_url else "",
    )


def plans_with_prices() -> list[PlanOffer]:
    """The plans in the visitor's language, in their display order, with their prices."""
    language = get_supported_content_language_variant(get_language())

    def build() -> list[PlanOffer]:
        from cms.pricing.models import PricingPage

        plans = Plan.objects.filter(locale__language_code=language).order_by(
            "sort_order", "monthly_amount", "pk"
        )
        pricing_page = PricingPage.objects.live().filter(locale__language_code=language).first()
        pricing_url = (pricing_page.url or "") if pricing_page else ""
        return [_offer(plan, pricing_url) for plan in plans]

    return cached_content(f"plans:{language}", build)


def plan_with_prices(slug: str) -> PlanOffer | None:
    return next((offer for offer in plans_with_prices() if offer.plan.slug == slug), None)


def billing_period_from(request: HttpRequest | Any) -> str:
    """`monthly` unless the query string asks for `?billing=yearly` (links work without JS)."""
    period = getattr(request, "GET", {}).get("billing", "") if request is not None else ""
    return period if period in BILLING_PERIODS else "monthly"
