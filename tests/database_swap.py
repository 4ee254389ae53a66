"""Requests that reach the database through another connection than the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections


@contextmanager
def default_database(settings_dict: dict[str, Any]) -> Iterator[None]:
    """Requests in this block use a connection made from `settings_dict`; the test's own
    connection (holding its transaction) is put back afterwards."""
    original = connections["default"]
    replacement = original.__class__(settings_dict, "default")
    connections["default"] = replacement
    try:
        yield
    finally:
        replacement.close()
        connections["default"] = original
