"""The language switcher, hreflang links and prices in the visitor's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from cms.i18n.money import format_money
from cms.i18n.selectors import hreflang_alternates, language_links

register = template.Library()


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context: dict[str, Any]) -> dict[str, Any]:
    links = language_links(context.get("request"), context.get("page"))
    current = next((link for link in links if link.current), None)
    return {"languages": links, "current_language": current}


@register.simple_tag(takes_context=True)
def hreflang_links(context: dict[str, Any]) -> SafeString:
    """`<link rel="alternate" hreflang=...>` for every translation of the page and x-default."""
    return format_html_join(
        "\n",
        '<link rel="alternate" hreflang="{}" href="{}">',
        hreflang_alternates(context.get("page")),
    )


@register.filter
def money(amount: Any, currency: str = "USD") -> str:
    """`{{ price.amount|money:price.currency }}`: the price formatted for the visitor's language."""
    if amount is None or amount == "":
        return ""
    # Isolated left to right: a price is a number with a currency code, and in a right-to-left
    # paragraph the bidi algorithm would otherwise move "US$" around ("$US 29").
    text = format_money(amount, currency or "USD").strip("\u200e\u200f")
    return format_html('<bdi dir="ltr">{}</bdi>', text)
