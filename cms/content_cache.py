"""A cache for the small, read-everywhere pieces of site content (navigation, footer, theme,
plans, blog filter lists), so a page render does not pay a query for each of them.

Everything is stored under one version number; any change an editor makes to such content (or
any page being published, moved or deleted, which can change links) moves to a new version, so
stale entries are never read again and simply expire.

The version itself is kept per release of the code (`version_key`): markup that templates,
template tags or translations rendered before a deploy is never served by the code after it,
and every server of one release shares one version.
"""

from __future__ import annotations

import functools
import hashlib
import os
import uuid
from collections.abc import Callable
from contextvars import ContextVar, Token
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

# What renders the kept pieces: the code, the templates and the compiled translations.
_RELEASE_SOURCES = ("cms", "site_apps", "templates", "locale")
_RELEASE_SUFFIXES = (".py", ".html", ".txt", ".mo")
_NOT_SOURCES = frozenset({"node_modules", "__pycache__", "static_src"})


@functools.cache
def code_release() -> str:
    """A digest of the files that render the kept pieces, read once per process: the same on
    every server running the same code, another one after any change to it."""
    base = Path(settings.BASE_DIR)
    paths = []
    for top in _RELEASE_SOURCES:
        for folder, subfolders, files in os.walk(base / top):
            subfolders[:] = [name for name in subfolders if name not in _NOT_SOURCES]
            paths += [Path(folder, name) for name in files if name.endswith(_RELEASE_SUFFIXES)]
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(paths):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def version_key() -> str:
    """Where the content version is kept, one per release of the code (`code_release`)."""
    return f"site-content:version:{code_release()}"


def __getattr__(name: str) -> str:
    # `content_cache.VERSION_KEY`, read once settings are configured.
    if name == "VERSION_KEY":
        return version_key()
    raise AttributeError(name)


# The version read for the request being served, so a page asks Redis for it once, not once
# per cached piece: `None` outside a request (or before the first read), "" while unknown.
_request_version: ContextVar[str | None] = ContextVar("site_content_version", default=None)
# The pieces the request being served has read, by name.
_request_parts: ContextVar[dict[str, Any] | None] = ContextVar("site_content_parts", default=None)


def remember_version_for_request() -> tuple[Token[str | None], Token[dict[str, Any] | None]]:
    """Start a request's memory of the version and pieces (cms.page_cache's middleware)."""
    return _request_version.set(""), _request_parts.set({})


def forget_version_for_request(
    tokens: tuple[Token[str | None], Token[dict[str, Any] | None]],
) -> None:
    _request_version.reset(tokens[0])
    _request_parts.reset(tokens[1])


def version_for_request(stored: str | None) -> str:
    """The version, given what a `get_many` just read under `version_key()` (None: not there)."""
    version = stored if stored is not None else _new_version_unless_set()
    if _request_version.get() is not None:
        _request_version.set(version)
    return version


def _version() -> str:
    remembered = _request_version.get()
    if remembered:
        return remembered
    return version_for_request(cache.get(version_key()))


def _new_version_unless_set() -> str:
    version = uuid.uuid4().hex
    # add() so that two processes starting at once agree on one version.
    if not cache.add(version_key(), version, timeout=None):
        version = cache.get(version_key()) or version
    return version


def may_keep_rendered(request: HttpRequest | None) -> bool:
    """Whether markup rendered for this request may be kept as site content: a GET or HEAD
    that is not a preview (a form posted to a page, or an editor's unsaved changes, is rendered
    for that request alone)."""
    return (
        request is not None
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
    )


def cached_content[T](
    name: str, build: Callable[[], T], *, keep: Callable[[T], bool] | None = None
) -> T:
    """The value cached under `name` for the current content version, built when missing.
    Within a request each piece is read once (and not at all when `prefetch` brought it).
    `keep` says whether a value just built is worth storing (not a miss anyone can ask for
    with a made-up URL, say)."""
    parts = _request_parts.get()
    if parts is not None and name in parts:
        return parts[name]
    key = f"site-content:{_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        if keep is None or keep(value):
            cache.set(key, value, timeout=settings.SITE_CONTENT_CACHE_SECONDS)
    if parts is not None:
        parts[name] = value
    return value


def prefetch(names: list[str]) -> None:
    """Read these pieces for the current request in one round trip (cms.page_cache asks for
    the ones the same page read last time)."""
    parts = _request_parts.get()
    if parts is None or not names:
        return
    prefix = f"site-content:{_version()}:"
    found = cache.get_many([prefix + name for name in names if name not in parts])
    for key, value in found.items():
        parts[key.removeprefix(prefix)] = value


def parts_read() -> list[str]:
    """The names of the pieces the current request has read so far."""
    return list(_request_parts.get() or ())


def invalidate_site_content(*args: Any, **kwargs: Any) -> None:
    """Forget every cached piece of site content (usable directly as a signal receiver)."""
    version = uuid.uuid4().hex
    cache.set(version_key(), version, timeout=None)
    if _request_version.get() is not None:
        _request_version.set(version)
        _request_parts.set({})


def invalidate_on_change(*models: type[Model]) -> None:
    """Drop the cached site content whenever a row of these models is saved or deleted."""
    for model in models:
        uid = f"content-cache-{model._meta.label_lower}"
        post_save.connect(invalidate_site_content, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate_site_content, sender=model, dispatch_uid=f"{uid}-delete")
