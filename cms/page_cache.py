"""The anonymous full-page cache: public pages are rendered once per content version.

A GET from a visitor who is not signed in (no session cookie, no pending message) for a Wagtail
page, the sitemap or robots.txt is answered from the cache when the same page, in the same
language, for the same A/B version, was rendered since the last content change. Keys carry no
content version: each entry records the version it was rendered under, and the version and the
entry come back together in one `get_many`, so a hit costs one Redis round trip and no query.
Any publish, unpublish, move, snippet or setting change moves the version (cms/content_cache.py)
and so retires every entry at once.

What is never stored: a signed-in visitor's page, a POST (a form with errors), a preview, any
response that sets a cookie or asks for a CSRF token, anything but a 200, a response already
marked private. Pages under an A/B test are stored once per version (`page_cache_variant`), and
told to shared caches to stay private, because a CDN cannot tell the versions apart.

Headers: cacheable answers get `Cache-Control: public, max-age, s-maxage,
stale-while-revalidate`, an ETag and Last-Modified, and a 304 when the browser already holds
them; signed-in people's pages get `private, no-store`. docs/performance.md tells the layers.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

from cms import content_cache
from cms.seo.views import robots_txt
from site_apps.experiments.selectors import page_cache_variant

ENTRY_PREFIX = "page-cache:"
# Headers that are made again for each answer, or must never be replayed to someone else.
_NOT_STORED = frozenset(
    {
        "set-cookie",
        "date",
        "content-length",
        "cache-control",
        "etag",
        "last-modified",
        "expires",
        "vary",
        "x-request-id",
    }
)
_MAX_QUERY_LENGTH = 512


def _cacheable_views() -> frozenset[Callable[..., Any]]:
    return frozenset(
        {wagtail_views.serve, wagtail_sitemap_views.sitemap, django_sitemap, robots_txt}
    )


def signed_in_cookie_present(request: HttpRequest) -> bool:
    """Could this request belong to a signed-in person (or carry a one-off message)? Answered
    from the cookies alone, so a cache hit never loads a session."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def request_may_use_cache(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and not signed_in_cookie_present(request)
        and "HTTP_AUTHORIZATION" not in request.META
        and len(request.META.get("QUERY_STRING", "")) <= _MAX_QUERY_LENGTH
        and not getattr(request, "is_preview", False)
    )


def entry_key(request: HttpRequest, variant: str = "") -> str:
    """Everything that changes an anonymous page's HTML: host, path and query, language, htmx
    (a fragment instead of the page) and the A/B version. Not the theme: theme-init.js applies
    the visitor's choice in the browser, over the site's default in the markup."""
    htmx = "hx" if request.headers.get("HX-Request") == "true" else ""
    if htmx and request.headers.get("HX-History-Restore-Request") == "true":
        htmx = "hx-restore"
    parts = "|".join(
        (request.get_host(), request.get_full_path(), get_language() or "", htmx, variant)
    )
    return ENTRY_PREFIX + hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()


def _variant(request: HttpRequest) -> str:
    return page_cache_variant(request)


def public_cache_control() -> str:
    return (
        f"public, max-age={settings.PAGE_CACHE_BROWSER_SECONDS}, "
        f"s-maxage={settings.PAGE_CACHE_SHARED_SECONDS}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_SECONDS}"
    )


PRIVATE_VARIANT_CACHE_CONTROL = "private, no-cache"
SIGNED_IN_CACHE_CONTROL = "private, no-store"


def _response_from_entry(entry: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(entry["body"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["stored_at"])
    return response


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "user", None)
    return not getattr(user, "is_authenticated", False)


class PageCacheMiddleware:
    """Listed after authentication and the request logger, before the middleware that routes
    Wagtail pages: a hit is answered from `process_view`, once the URL is resolved (so only the
    views above are looked up), and still passes every middleware's response phase."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.views = _cacheable_views()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = content_cache.remember_version_for_request()
        try:
            response = self.get_response(request)
            return self._finish(request, response)
        finally:
            content_cache.forget_version_for_request(token)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        if view not in self.views:
            return None
        request._page_cache_view = True  # type: ignore[attr-defined]
        key = entry_key(request)
        if not request_may_use_cache(request):
            # Rendered for this request alone; still one round trip for the pieces it needs.
            _prefetch(request, key)
            return None
        found = cache.get_many([content_cache.VERSION_KEY, key])
        version = content_cache.version_for_request(found.get(content_cache.VERSION_KEY))
        entry = found.get(key)
        if entry is not None and entry.get("version") == version and entry.get("variants"):
            variant = _variant(request)
            request._page_cache_variant = variant  # type: ignore[attr-defined]
            key = entry_key(request, variant)
            entry = cache.get(key)
        request._page_cache_key = key  # type: ignore[attr-defined]
        request._page_cache_version = version  # type: ignore[attr-defined]
        if entry is None or entry.get("version") != version or "body" not in entry:
            _prefetch(request, entry_key(request))
            return None
        request._page_cache_hit = True  # type: ignore[attr-defined]
        return _response_from_entry(entry)

    def _finish(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            getattr(request, "_page_cache_view", False)
            and response.status_code == 200
            and not getattr(request, "_page_cache_hit", False)
        ):
            _learn(entry_key(request), content_cache.parts_read())
        if not getattr(request, "_page_cache_view", False):
            if signed_in_cookie_present(request) and _signed_in(request):
                _mark_signed_in(response)
            return response
        if getattr(request, "_page_cache_hit", False):
            return self._headers(request, response, shared=not _varies(request))
        if signed_in_cookie_present(request) and _signed_in(request):
            _mark_signed_in(response)
            return response
        key = getattr(request, "_page_cache_key", None)
        if key is None or not _storable(request, response):
            if "Cache-Control" not in response:
                response["Cache-Control"] = PRIVATE_VARIANT_CACHE_CONTROL
            return response
        variant = getattr(request, "_page_cache_variant", None)
        if variant is None:
            variant = _variant(request)
            request._page_cache_variant = variant  # type: ignore[attr-defined]
        version = request._page_cache_version  # type: ignore[attr-defined]
        body = response.content
        entry = {
            "version": version,
            "status": response.status_code,
            "headers": [
                (name, value) for name, value in response.items() if name.lower() not in _NOT_STORED
            ],
            "body": body,
            "etag": '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"',
            "stored_at": int(time.time()),
        }
        timeout = settings.PAGE_CACHE_SECONDS
        if variant:
            # The plain key says "ask which version"; each version has its own entry.
            cache.set_many(
                {
                    entry_key(request): {"version": version, "variants": True},
                    entry_key(request, variant): entry,
                },
                timeout=timeout,
            )
        else:
            cache.set(key, entry, timeout=timeout)
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["stored_at"])
        return self._headers(request, response, shared=not variant)

    def _headers(self, request: HttpRequest, response: HttpResponse, *, shared: bool) -> Any:
        response["Cache-Control"] = (
            public_cache_control() if shared else (PRIVATE_VARIANT_CACHE_CONTROL)
        )
        # A shared cache must not give this copy to someone signed in (their session cookie).
        patch_vary_headers(response, ("Cookie",))
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=_last_modified(response),
            response=response,
        )
        return conditional


# Per process: the site-content pieces each page read when it was last rendered, so its next
# render fetches them all in one `get_many` (a small, bounded map; pages not seen lately are
# forgotten first).
_learned: dict[str, list[str]] = {}
_LEARNED_MAX = 2000


def _prefetch(request: HttpRequest, key: str) -> None:
    """Fetch the pieces this page read last time in one round trip, and hand Wagtail its site
    root paths from them (page URLs need them; Wagtail would ask the cache once more)."""
    from wagtail.models import Site

    content_cache.prefetch(_learned.get(key, []))
    request._wagtail_cached_site_root_paths = content_cache.cached_content(  # type: ignore[attr-defined]
        "site-root-paths", lambda: list(Site.get_site_root_paths())
    )


def _learn(key: str, names: list[str]) -> None:
    if not names:
        return
    _learned.pop(key, None)
    if len(_learned) >= _LEARNED_MAX:
        _learned.pop(next(iter(_learned)))
    _learned[key] = names


def _varies(request: HttpRequest) -> bool:
    return bool(getattr(request, "_page_cache_variant", ""))


def _last_modified(response: HttpResponse) -> int | None:
    from django.utils.http import parse_http_date_safe

    value = response.get("Last-Modified")
    return parse_http_date_safe(value) if value else None


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(getattr(user, "is_authenticated", False))


def _mark_signed_in(response: HttpResponse) -> None:
    """A signed-in person's page is theirs alone: no shared cache, no copy kept on disk.
    (Files streamed to them, such as media, keep their own headers.)"""
    if response.streaming:
        return
    control = response.get("Cache-Control", "")
    if "public" in control or not control:
        response["Cache-Control"] = SIGNED_IN_CACHE_CONTROL
