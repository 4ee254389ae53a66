"""Reading JSON that strangers send (API bodies, webhooks) without letting it hurt us.

`json.loads` alone answers a deeply nested body with a RecursionError, and PostgreSQL refuses
text holding NUL characters with an error of its own; both became 500s. It also reads `NaN`,
`Infinity` and `-Infinity`, and numbers too large for a float (`1e999`) as infinity, none of
which is JSON (RFC 8259, section 6): a text field stored "nan" or "inf". `parse_json` refuses
such bodies with `InvalidPayload`, which callers answer with a 400.
"""

from __future__ import annotations

import json
import math
from typing import Any

# Deeper than any body the API or a provider's webhook sends (Stripe's events nest about 8).
MAX_DEPTH = 32


class InvalidPayload(ValueError):
    """A body that is not JSON we accept; the message says why, fit to show the sender."""


def parse_json(body: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The decoded body, or `InvalidPayload`: not UTF-8 JSON (RFC 8259: no NaN or Infinity, no
    number beyond a float's range), nested deeper than `max_depth`, or holding a NUL character
    in a key or a string."""
    try:
        data = json.loads(body, parse_constant=_no_constant, parse_float=_finite_float)
    except RecursionError:
        raise InvalidPayload(f"JSON nested deeper than {max_depth} levels.") from None
    except InvalidPayload:
        raise
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
        raise InvalidPayload(f"The body is not valid JSON: {error}") from None
    check_payload(data, max_depth=max_depth)
    return data


def _no_constant(name: str) -> Any:
    raise InvalidPayload(f"{name} is not a JSON value.")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise InvalidPayload(f"The number {text[:30]} is too large.")
    return number


def check_payload(data: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """Walk decoded JSON (without recursion) and refuse deep nesting and NUL characters."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise InvalidPayload("Text may not contain NUL characters.")
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > max_depth:
            raise InvalidPayload(f"JSON nested deeper than {max_depth} levels.")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str) and "\x00" in key:
                raise InvalidPayload("Text may not contain NUL characters.")
            stack.append((item, depth + 1))
