"""A plan with its prices: what the pricing page, the pricing-table block and checkout offer.

Billing owns this: the editors write the plans (the `Plan` snippet, `site_apps.billing.models`),
billing knows their Stripe prices. Page apps read plans here (`Plan` is re-exported for them:
the import contracts keep `cms` off billing's models). Templates ask only for
`plans_with_prices()` (through the `{% plan_offers %}` tag in the design system's pricing-table
block, which imports no app). A plan's amount for a period comes from the local copy of its
Stripe price (site_apps.billing.Price, synced by `manage.py sync_stripe` and price webhooks), so
rendering never calls Stripe; a period without a synced, active Stripe price shows the plan's
hand-edited fallback amount. Everything is cached with the site content, and saving a Plan or a
Price drops that cache.

The pricing page is a page app above billing: it tells billing where it is by registering
`pricing_page_url` in its `AppConfig.ready()` (`register_pricing_page`); with none registered
there is no pricing page to link to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant

from cms.content_cache import cached_content
from site_apps.billing.models import (
    Plan as Plan,  # re-exported for page apps (documented once, in models)
    Price as StripePrice,
)
from site_apps.billing.plan_offer import (
    BILLING_PERIODS,
    CURRENCY_SYMBOLS,
    PlanOffer,
    Price,
    offer_for,
    preview_offer,
)

__all__ = [
    "BILLING_PERIODS",
    "CURRENCY_SYMBOLS",
    "PlanOffer",
    "Price",
    "billing_period_from",
    "plan_with_prices",
    "plans_with_prices",
    "preview_offer",
    "pricing_url",
    "register_pricing_page",
]


def _no_pricing_page(language: str) -> str:
    return ""


_pricing_page_url: Callable[[str], str] = _no_pricing_page


def register_pricing_page(url_in: Callable[[str], str]) -> None:
    """Called by the pricing page app's `ready()`: `url_in(language)` is the URL of the live
    pricing page in that language ("" when there is none). One query; cached here."""
    global _pricing_page_url
    _pricing_page_url = url_in


def plans_with_prices() -> list[PlanOffer]:
    """The plans in the visitor's language, in their display order, with their prices."""
    language = get_supported_content_language_variant(get_language())

    def build() -> list[PlanOffer]:
        plans = list(
            Plan.objects.filter(locale__language_code=language, live=True).order_by(
                "sort_order", "monthly_amount", "pk"
            )
        )
        price_ids = {p.stripe_monthly_price_id for p in plans} | {
            p.stripe_yearly_price_id for p in plans
        }
        price_ids.discard("")
        stripe_prices = (
            {
                p.stripe_id: p
                for p in StripePrice.objects.filter(stripe_id__in=price_ids, active=True)
            }
            if price_ids
            else {}
        )
        pricing_url = _pricing_page_url(language)
        return [offer_for(plan, pricing_url, stripe_prices) for plan in plans]

    return cached_content(f"plans:{language}", build)


def plan_with_prices(slug: str) -> PlanOffer | None:
    return next((offer for offer in plans_with_prices() if offer.plan.slug == slug), None)


def billing_period_from(request: HttpRequest | Any) -> str:
    """`monthly` unless the query string asks for `?billing=yearly` (links work without JS)."""
    period = getattr(request, "GET", {}).get("billing", "") if request is not None else ""
    return period if period in BILLING_PERIODS else "monthly"


def pricing_url() -> str:
    """The pricing page's URL in the visitor's language ("" when there is none)."""
    language = get_supported_content_language_variant(get_language())

    return cached_content(f"pricing-url:{language}", lambda: _pricing_page_url(language))
