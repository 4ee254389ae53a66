"""Secrets inside URLs, found by the site's own URL patterns and blanked in logs and Sentry.

Some addresses carry a secret in their path: a password-reset key, an email-confirmation key,
a team invitation token. Whoever reads them in a log line can use them. Instead of guessing
which long strings look secret, `SECRET_URLS` names those URL patterns and the parts of each
that are secret; the patterns themselves come from the URL configuration (with every language
prefix), so the paths matched are exactly the ones the site answers. Any text holding such a
path, as a path, a full URL (a referrer) or percent-encoded (a `next=` parameter), with or
without its final slash, gets those parts replaced by `[REDACTED]`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

REDACTED = "[REDACTED]"

# URL name (with its namespace) → the route's parameters that are secrets.
SECRET_URLS: dict[str, tuple[str, ...]] = {
    "account_reset_password_from_key": ("uidb36", "key"),  # allauth: password reset
    "account_confirm_email": ("key",),  # allauth: email confirmation
    "wagtailadmin_password_reset_confirm": ("uidb64", "token"),  # Wagtail admin's own reset
    "teams:invitation": ("token",),  # site_apps/teams: join a team
}

# A path in free text: an optional scheme and host (skipped), then the path itself. A scheme
# is tried only where a run of its characters starts, and neither part gives back what it read,
# so a long run costs its length, not its length squared (see logging_config._TEXT_PATTERNS).
_PATH_IN_TEXT = re.compile(
    r"(?:(?<![\w+.-])[A-Za-z][\w+.-]*+:)?(?://[^/\s\"'<>]*+)?(?P<path>/[^\s\"'<>?#\\]*)"
)
# A percent-encoded path, as in `?next=%2Fteams%2Fjoin%2F...`.
_ENCODED_PATH = re.compile(r"%2F[^\s\"'<>&#]*", re.IGNORECASE)

_cache: dict[int, list[tuple[re.Pattern[str], tuple[str, ...]]]] = {}
_building = threading.local()


def _source(pattern: Any) -> str:
    """A URL pattern's regular expression, unanchored, with a language prefix optional."""
    if isinstance(pattern, LocalePrefixPattern):
        codes = "|".join(re.escape(code) for code, _ in settings.LANGUAGES)
        return f"(?:(?:{codes})/)?"
    source = pattern.regex.pattern.removeprefix("^")
    for end in (r"\Z", "$"):
        source = source.removesuffix(end)
    return source


def _named_routes(patterns: Any, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _named_routes(entry.url_patterns, prefix + _source(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + _source(entry.pattern)


def secret_routes() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """The compiled secret-carrying routes of the current URL configuration (none before
    Django is ready, or while they are being read)."""
    if not apps.ready or getattr(_building, "active", False):
        return []

    resolver = get_resolver()
    found = _cache.get(id(resolver))
    if found is not None:
        return found
    _building.active = True
    try:
        found = [
            (re.compile(f"/{source}"), SECRET_URLS[name])
            for name, source in _named_routes(resolver.url_patterns, "", "")
            if name in SECRET_URLS
        ]
    except Exception:  # a URL configuration that cannot load must not break logging
        return []
    finally:
        _building.active = False
    _cache[id(resolver)] = found
    return found


def redact_path(path: str) -> str:
    """The path with the secret parts of a secret-carrying route blanked, also when it lacks the
    route's final slash: Django redirects such a link to the slashed one (APPEND_SLASH), but
    every line about the request names it as it was asked for."""
    slashless = not path.endswith("/")
    candidate = f"{path}/" if slashless else path
    for pattern, secrets in secret_routes():
        match = pattern.fullmatch(candidate)
        if match is None:
            continue
        spans = sorted((match.span(name) for name in secrets if match.group(name)), reverse=True)
        for start, end in spans:
            candidate = candidate[:start] + REDACTED + candidate[end:]
        return candidate[:-1] if slashless else candidate
    return path


def redact_urls(text: str) -> str:
    """Every secret-carrying path in `text` (plain, in a URL, or percent-encoded) blanked."""
    if "/" not in text and "%2" not in text.upper():
        return text
    if not secret_routes():
        return text

    def plain(match: re.Match[str]) -> str:
        start, end = match.span("path")
        whole = match.group(0)
        offset = match.start()
        return whole[: start - offset] + redact_path(match.group("path")) + whole[end - offset :]

    def encoded(match: re.Match[str]) -> str:
        decoded = unquote(match.group(0))
        redacted = redact_urls(decoded)
        return match.group(0) if redacted == decoded else quote(redacted, safe="")

    return _ENCODED_PATH.sub(encoded, _PATH_IN_TEXT.sub(plain, text))
