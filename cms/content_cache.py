"""A cache for the small, read-everywhere pieces of site content (navigation, footer, theme,
plans, blog filter lists), so a page render does not pay a query for each of them.

Everything is stored under one version number; any change an editor makes to such content (or
any page being published, moved or deleted, which can change links) moves to a new version, so
stale entries are never read again and simply expire.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar, Token
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "site-content:version"

# The version read for the request being served, so a page asks Redis for it once, not once
# per cached piece: `None` outside a request (or before the first read), "" while unknown.
_request_version: ContextVar[str | None] = ContextVar("site_content_version", default=None)


def remember_version_for_request() -> Token[str | None]:
    """Start a request's memory of the version (cms.page_cache's middleware calls this)."""
    return _request_version.set("")


def forget_version_for_request(token: Token[str | None]) -> None:
    _request_version.reset(token)


def version_for_request(stored: str | None) -> str:
    """The version, given what a `get_many` just read under VERSION_KEY (None: not there)."""
    version = stored if stored is not None else _new_version_unless_set()
    if _request_version.get() is not None:
        _request_version.set(version)
    return version


def _version() -> str:
    remembered = _request_version.get()
    if remembered:
        return remembered
    return version_for_request(cache.get(VERSION_KEY))


def _new_version_unless_set() -> str:
    version = uuid.uuid4().hex
    # add() so that two processes starting at once agree on one version.
    if not cache.add(VERSION_KEY, version, timeout=None):
        version = cache.get(VERSION_KEY) or version
    return version


def cached_content[T](name: str, build: Callable[[], T]) -> T:
    """The value cached under `name` for the current content version, built when missing."""
    key = f"site-content:{_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=settings.SITE_CONTENT_CACHE_SECONDS)
    return value


def invalidate_site_content(*args: Any, **kwargs: Any) -> None:
    """Forget every cached piece of site content (usable directly as a signal receiver)."""
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    if _request_version.get() is not None:
        _request_version.set(version)


def invalidate_on_change(*models: type[Model]) -> None:
    """Drop the cached site content whenever a row of these models is saved or deleted."""
    for model in models:
        uid = f"content-cache-{model._meta.label_lower}"
        post_save.connect(invalidate_site_content, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate_site_content, sender=model, dispatch_uid=f"{uid}-delete")
