"""Prices in the visitor's language: `29 $US` in French, `US$29` in English, and so on.

Takes an amount and a currency, whatever they come from (hand-edited display prices today, the
payment provider's prices once billing is set up).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency
from django.utils.translation import get_language, to_locale


def format_money(amount: Decimal | int | float | str, currency: str, language: str = "") -> str:
    """The amount in the language's currency format; whole amounts without decimals, as
    pricing pages show them (`$29`, `$24.17`)."""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    try:
        locale = Locale.parse(to_locale(language or get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    pattern = locale.currency_formats["standard"].pattern
    if value == value.to_integral():
        # Drop the fraction digits from the pattern ("#,##0.00 ¤" -> "#,##0 ¤").
        pattern = pattern.replace(".00", "")
    return format_currency(
        value, currency.upper(), format=pattern, locale=locale, currency_digits=False
    )
