"""Counting the calls a request makes to the default cache: each one is a Redis round trip."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.core.cache import caches

_METHODS = (
    "get",
    "get_many",
    "set",
    "set_many",
    "add",
    "incr",
    "decr",
    "delete",
    "delete_many",
    "has_key",
    "touch",
    "get_or_set",
)


@contextlib.contextmanager
def count_cache_calls() -> Iterator[list[tuple[str, Any]]]:
    """The calls made to the default cache meanwhile, as (method, first argument); a call made
    from inside another (a backend's get_many looping over get) is not counted again."""
    backend = caches["default"]
    calls: list[tuple[str, Any]] = []
    depth = [0]

    def counting(name: str, method: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if depth[0] == 0:
                calls.append((name, args[0] if args else None))
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return wrapper

    for name in _METHODS:
        setattr(backend, name, counting(name, getattr(backend, name)))
    try:
        yield calls
    finally:
        for name in _METHODS:
            delattr(backend, name)
