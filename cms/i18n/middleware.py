"""Route Wagtail page requests from the visitor's language's home page in one query.

Wagtail finds a page by taking the site's root page, looking up its translation in the active
language and making it specific: four queries (locale, root, translation, specific) before the
page's own. The home page of each language is known in advance (cached with the site content),
so this loads it directly and lets Wagtail reuse the result: `Page.route_for_request` keeps its
answer on the request, where this puts it first (`site_apps.common.compat.set_wagtail_route`).

Two more answers are kept with the site content, so a page's route costs one query (the page
itself) once warm: the Site for a host and port (Wagtail asks the database on every request,
`Site.find_for_request` keeps it on the request: `site_apps.common.compat.set_wagtail_site`),
and which page a path leads to (its id, type and how many path segments it took; a routable page
still resolves the rest of the path itself, without a query). Any publish, move, unpublish or
Site change moves the content version and so forgets them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from cms.content_cache import cached_content
from cms.i18n.selectors import current_language
from site_apps.common.compat import (
    has_wagtail_route,
    has_wagtail_site,
    set_wagtail_route,
    set_wagtail_site,
)


def _home_pages(site: Site) -> dict[str, tuple[int, int]]:
    """Language -> (page id, content type id) of the site's live home page in that language."""

    def build() -> dict[str, tuple[int, int]]:
        root = Page.objects.filter(pk=site.root_page_id).values("translation_key").first()
        if root is None:
            return {}
        homes = Page.objects.live().filter(translation_key=root["translation_key"])
        return {
            language: (pk, content_type)
            for language, pk, content_type in homes.values_list(
                "locale__language_code", "pk", "content_type"
            )
        }

    return cached_content(f"site-homes:{site.pk}", build)


class LocalizedRouteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> None:
        if view is not wagtail_views.serve or has_wagtail_route(request):
            return
        site = _site_for_request(request)
        if site is None:
            return
        language = current_language()
        found = _home_pages(site).get(language)
        if found is None:
            return  # Wagtail's own routing
        path = kwargs.get("path", args[0] if args else "")
        components = [component for component in path.split("/") if component]
        if len(path) > _MAX_KEPT_PATH:
            set_wagtail_route(request, _route_from_home(request, found, components)[0])
            return
        routed: dict[str, RouteResult | None] = {}

        def build() -> tuple[int, int, int] | None:
            route, home_depth = _route_from_home(request, found, components)
            routed["route"] = route
            if route is None:
                return None
            page = route.page
            return page.pk, page.content_type_id, page.depth - home_depth

        kept = cached_content(
            f"route:{site.pk}:{language}:{path}", build, keep=lambda value: value is not None
        )
        if "route" in routed:
            route = routed["route"]
            if route is not None and _visitor(request):
                # The next request will ask for the page itself (see _route_from_kept).
                page = route.page
                cached_content(f"page:{page.pk}", lambda: page)
        elif kept is None:
            route = None
        else:
            route = _route_from_kept(request, kept, components)
        set_wagtail_route(request, route)


# Paths longer than this are routed without keeping the answer (no one's page is that deep).
_MAX_KEPT_PATH = 300


def _site_for_request(request: HttpRequest) -> Site | None:
    """Site.find_for_request, with the answer for this host and port kept with the content."""
    if not has_wagtail_site(request):
        try:
            hostname = split_domain_port(request.get_host())[0]
        except DisallowedHost:
            return Site.find_for_request(request)  # Wagtail's own answer, not kept
        port = request.get_port()
        site = cached_content(f"site-for:{hostname}:{port}", lambda: Site.find_for_request(request))
        set_wagtail_site(request, site)
    return Site.find_for_request(request)


def _visitor(request: HttpRequest) -> bool:
    """Someone not signed in (who may be served the live page kept with the site content)."""
    user = getattr(request, "user", None)
    return user is not None and not user.is_authenticated


def _specific_page(page_id: int, content_type_id: int) -> Any:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model._default_manager.filter(pk=page_id).first() if model else None


def _route_from_home(
    request: HttpRequest, home_page: tuple[int, int], components: list[str]
) -> tuple[RouteResult | None, int]:
    """Wagtail's routing from the language's home page, and the home page's depth."""
    home = _specific_page(*home_page)
    if home is None:
        return None, 0
    try:
        return home.route(request, components), home.depth
    except Http404:
        return None, home.depth


def _route_from_kept(
    request: HttpRequest, kept: tuple[int, int, int], components: list[str]
) -> RouteResult | None:
    """The kept page, loaded in one query (none for a visitor who is not signed in), routes
    what is left of the path itself (a routable page's sub-URL; nothing for a plain page,
    which then answers for itself)."""
    page_id, content_type_id, taken = kept
    if _visitor(request):
        # The live page itself, kept with the site content: publishing, unpublishing, moving
        # or deleting a page moves the content version. Signed-in people (editors among
        # them, whose userbar reads the page's draft state) load the row.
        page = cached_content(
            f"page:{page_id}",
            lambda: _specific_page(page_id, content_type_id),
            keep=lambda found: found is not None,
        )
    else:
        page = _specific_page(page_id, content_type_id)
    if page is None:
        return None
    try:
        return page.route(request, components[taken:])
    except Http404:
        return None
