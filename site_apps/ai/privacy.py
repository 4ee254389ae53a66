"""Personal data taken out of prompts and outputs before they are stored or logged.

Editors paste real text into AI requests; the audit list and the logs keep only a short excerpt
with email addresses, phone numbers, card-like and other long numbers, and IP addresses
replaced by placeholders. (Secrets are redacted again by the logging configuration.)
"""

from __future__ import annotations

import re
from collections.abc import Callable

EXCERPT_CHARS = 500

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), "[ip]"),
    (re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b"), "[iban]"),
    # Phone numbers and card or account numbers: 7+ digits, possibly split by spaces, dots,
    # dashes or parentheses, possibly after a +.
    (re.compile(r"(?<![\w])\+?\(?\d(?:[\d\s().-]{5,}\d)(?![\w])"), "[number]"),
)


def scrub(text: str) -> str:
    """`text` with personal data replaced by placeholders."""
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(_keep_short(placeholder), text)
    return text


def _keep_short(placeholder: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in match.group(0))
        if placeholder == "[number]" and digits < 7:
            return match.group(0)  # a year, a price, a short count: not personal
        return placeholder

    return replace


def excerpt(text: str) -> str:
    """A scrubbed excerpt short enough for the audit list."""
    text = scrub(text)
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
