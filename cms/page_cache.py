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

Two middlewares share the work. `PageCacheMiddleware`, deep in the stack, decides what may be
kept and renders misses. `PageCacheFrontMiddleware`, near the top (after WhiteNoise, before
gzip, sessions, the language, CSRF, authentication and the request logger), keeps each public
answer exactly as the stack sent it and answers the next identical request from there without
running the rest: one small Redis read (the content version) when this process already holds
the page in memory, one `get_many` when it does not. Pages under an A/B test and anything the
deep middleware did not call public never reach the front one.

Campaign and click-id parameters (`utm_*`, `gclid`, `fbclid`...) are taken off a GET's query
before anything else sees it (`TrackingParametersMiddleware`): analytics read them in the
browser, from the address bar, and no page reads them on the server. So a campaign's visitors
share the kept page (a click id is new on every click), and no visitor's click id is written
into a page shown to another (the language links and the newsletter form carry the path).

Headers: cacheable answers get `Cache-Control: public, max-age, s-maxage,
stale-while-revalidate`, an ETag and Last-Modified, and a 304 when the browser already holds
them; signed-in people's pages get `private, no-store`. docs/performance.md tells the layers.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.models import Site

from cms import content_cache
from cms.seo.views import robots_txt
from cms.theme.mode import chosen_mode
from cms.theme.page_css import from_our_pages
from site_apps.common.compat import set_site_root_paths
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


# Query parameters that only analytics in the browser read: UTM tags, the ad platforms' click
# ids, Mailchimp's, HubSpot's, Marketo's and Google Analytics' cross-domain ones.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset(
    {
        "gclid", "gbraid", "wbraid", "dclid", "gclsrc", "fbclid", "msclkid", "twclid",
        "ttclid", "li_fat_id", "igshid", "yclid", "epik", "rdt_cid", "mc_cid", "mc_eid",
        "_hsenc", "_hsmi", "mkt_tok", "_ga", "_gl",
    }
)  # fmt: skip


def _is_tracking(part: str) -> bool:
    name = unquote_plus(part.partition("=")[0]).strip().lower()
    return name.startswith(TRACKING_PREFIXES) or name in TRACKING_PARAMETERS


class TrackingParametersMiddleware:
    """Takes campaign and click-id parameters off a GET's or HEAD's query string (and so off
    `request.GET` and `get_full_path()`) before the page cache keys on it or a page renders
    it. The browser keeps them in its address bar, where analytics scripts read them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if query and request.method in ("GET", "HEAD"):
            parts = query.split("&")
            kept = [part for part in parts if part and not _is_tracking(part)]
            if len(kept) != len(parts):
                request.META["QUERY_STRING"] = "&".join(kept)
                request.GET = QueryDict(request.META["QUERY_STRING"], encoding=request.encoding)
        return self.get_response(request)


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
    (a fragment instead of the page), the visitor's light or dark choice (the `theme_mode`
    cookie: `data-theme` is written by the server), whether they came from another of the
    site's pages (then the page links the whole stylesheet: cms/theme/page_css.py) and the
    A/B version."""
    htmx = "hx" if request.headers.get("HX-Request") == "true" else ""
    if htmx and request.headers.get("HX-History-Restore-Request") == "true":
        htmx = "hx-restore"
    parts = "|".join(
        (
            request.get_host(),
            request.get_full_path(),
            get_language() or "",
            htmx,
            chosen_mode(request),
            "from-our-pages" if from_our_pages(request) else "",
            variant,
        )
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
            if not _varies(request):
                request._page_cache_public = request._page_cache_version  # type: ignore[attr-defined]
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
        if not variant:
            # The front middleware may keep this answer as the whole stack finishes it.
            request._page_cache_public = version  # type: ignore[attr-defined]
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
    content_cache.prefetch(_learned.get(key, []))
    paths = content_cache.cached_content(
        "site-root-paths", lambda: list(Site.get_site_root_paths())
    )
    set_site_root_paths(request, paths)


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


# The front middleware's keys, and what it keeps of a finished answer.
FRONT_PREFIX = "page-cache-front:"
# Made again for each answer by the middlewares above the front one (the request id) or by the
# server, or never to be replayed (a cookie).
_FRONT_NOT_STORED = frozenset({"set-cookie", "date", "content-length", "x-request-id"})
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Per process: the pages this worker answered lately, with the content version each was
# rendered under, so a hit reads only the version from Redis (a few bytes, not the page).
# Bounded by count and by bytes; the least recently used go first.
_FRONT_MEMORY_ENTRIES = 256
_FRONT_MEMORY_BYTES = 32 * 1024 * 1024
_front_memory: OrderedDict[str, dict[str, Any]] = OrderedDict()
_front_memory_bytes = 0
_front_memory_lock = threading.Lock()  # gunicorn's gthread workers share it between threads


def forget_front_memory() -> None:
    """Empty this process's memory of kept pages (tests; a worker that wants it back)."""
    global _front_memory_bytes
    with _front_memory_lock:
        _front_memory.clear()
        _front_memory_bytes = 0


def front_key(request: HttpRequest) -> str | None:
    """Everything the finished answer depends on, read from the raw request (no middleware has
    run yet): scheme, host, path and query (the language is the path's: /es/, /fr/, /ar/, or
    English without a prefix), htmx, the light or dark choice, whether the visitor came from
    another of the site's pages, and whether the body may be gzipped. None for a request
    the front middleware leaves to the whole stack."""
    if not request_may_use_cache(request):  # a GET or HEAD, not signed in, no credentials
        return None
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost and friends: the stack answers them (400)
        return None
    htmx = request.META.get("HTTP_HX_REQUEST", "") + request.META.get(
        "HTTP_HX_HISTORY_RESTORE_REQUEST", ""
    )
    gzip = "gz" if _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
    mode = chosen_mode(request)
    ours = "from-our-pages" if from_our_pages(request) else ""
    parts = "|".join((request.scheme or "", host, request.get_full_path(), htmx, mode, ours, gzip))
    return FRONT_PREFIX + hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()


def _remember(key: str, entry: dict[str, Any]) -> None:
    global _front_memory_bytes
    with _front_memory_lock:
        _forget_locked(key)
        _front_memory[key] = entry
        _front_memory_bytes += len(entry["body"])
        while _front_memory and (
            len(_front_memory) > _FRONT_MEMORY_ENTRIES or _front_memory_bytes > _FRONT_MEMORY_BYTES
        ):
            _forget_locked(next(iter(_front_memory)))


def _forget(key: str) -> None:
    with _front_memory_lock:
        _forget_locked(key)


def _forget_locked(key: str) -> None:
    global _front_memory_bytes
    entry = _front_memory.pop(key, None)
    if entry is not None:
        _front_memory_bytes -= len(entry["body"])


def _recall(key: str) -> dict[str, Any] | None:
    with _front_memory_lock:
        entry = _front_memory.get(key)
        if entry is not None:
            _front_memory.move_to_end(key)
        return entry


def _front_lookup(key: str) -> dict[str, Any] | None:
    """The kept answer for this key if it was made under the current content version: one
    round trip (the version alone when this process holds the answer)."""
    entry = _recall(key)
    if entry is not None:
        version = cache.get(content_cache.VERSION_KEY)
        if version is not None and entry["version"] == version:
            return entry
        _forget(key)
        if version is None:
            return None
        entry = cache.get(key)
    else:
        found = cache.get_many([content_cache.VERSION_KEY, key])
        version, entry = found.get(content_cache.VERSION_KEY), found.get(key)
    if version is None or entry is None or entry.get("version") != version:
        return None
    _remember(key, entry)
    return entry


class PageCacheFrontMiddleware:
    """Answers an anonymous GET that `PageCacheMiddleware` already called public, as the whole
    stack finished it, before gzip, sessions, the language, CSRF, authentication and the
    request logger run. Listed after WhiteNoise (static files never ask Redis) and after the
    middlewares that add the same headers to every answer (request id, security headers,
    Permissions-Policy), which still run on a hit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = front_key(request)
        if key is None:
            return self.get_response(request)
        entry = _front_lookup(key)
        if entry is not None:
            return self._answer(request, entry)
        response = self.get_response(request)
        version = getattr(request, "_page_cache_public", None)
        if (
            version is not None
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "public" in response.get("Cache-Control", "")
        ):
            entry = {
                "version": version,
                "headers": [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in _FRONT_NOT_STORED
                ],
                "body": response.content,
            }
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            _remember(key, entry)
        return response

    def _answer(self, request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
        response = HttpResponse(entry["body"])
        for name, value in entry["headers"]:
            response[name] = value
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=_last_modified(response),
            response=response,
        )
        return conditional if conditional is not None else response
