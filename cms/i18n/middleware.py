"""Route Wagtail page requests from the visitor's language's home page in one query.

Wagtail finds a page by taking the site's root page, looking up its translation in the active
language and making it specific: four queries (locale, root, translation, specific) before the
page's own. The home page of each language is known in advance (cached with the site content),
so this loads it directly and lets Wagtail reuse the result: `Page.route_for_request` keeps its
answer on the request, where this puts it first (`site_apps.common.compat.set_wagtail_route`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from cms.content_cache import cached_content
from cms.i18n.selectors import current_language
from site_apps.common.compat import has_wagtail_route, set_wagtail_route


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
        site = Site.find_for_request(request)
        if site is None:
            return
        found = _home_pages(site).get(current_language())
        if found is None:
            return  # Wagtail's own routing
        page_id, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        home: Any = model._default_manager.filter(pk=page_id).first() if model else None
        if home is None:
            return
        path = kwargs.get("path", args[0] if args else "")
        components = [component for component in path.split("/") if component]
        try:
            route = home.route(request, components)
        except Http404:
            route = None
        set_wagtail_route(request, route)
