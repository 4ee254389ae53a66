"""`{% plan_offers as plans %}` and `{% billing_period as billing %}`: the plans with their
prices for templates that have no view of their own to ask, such as the design system's
pricing-table block (cms.blocks imports no app; its template loads this library)."""

from __future__ import annotations

from django import template

from site_apps.billing.offers import PlanOffer, billing_period_from, plans_with_prices

register = template.Library()


@register.simple_tag
def plan_offers() -> list[PlanOffer]:
    return plans_with_prices()


@register.simple_tag(takes_context=True)
def billing_period(context: template.Context) -> str:
    """`monthly` or `yearly`, from the request's `?billing=` (see `billing_period_from`)."""
    return billing_period_from(context.get("request"))
