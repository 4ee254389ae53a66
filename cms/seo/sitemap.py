"""sitemap.xml with every translation of every page, each listing its alternates.

Wagtail's own sitemap lists the site root's descendants, which are the default language's pages
only (each language has its own tree under the root). This one walks every language's tree and
adds `<xhtml:link rel="alternate" hreflang=...>` for each translation of a page, plus x-default.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedSitemap(Sitemap):
    def items(self) -> Any:
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        pages = Page.objects.none()
        for translated_root in roots:
            pages |= Page.objects.descendant_of(translated_root, inclusive=True)
        return (
            pages.live()
            .public()
            .order_by("path")
            .select_related("locale")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page: int, protocol: str, domain: str) -> list[dict[str, Any]]:
        urls = super()._urls(page, protocol, domain)
        by_location: dict[str, dict[str, Any]] = {url["location"]: url for url in urls}
        groups: dict[Any, dict[str, str]] = defaultdict(dict)
        languages = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        for item in self.paginator.page(page).object_list:
            location = item.get_full_url(self.request)
            if location in by_location:
                by_location[location]["_key"] = item.translation_key
                groups[item.translation_key][item.locale.language_code] = location
        order = list(languages)
        for url in urls:
            group = groups.get(url.pop("_key", None), {})
            alternates = [
                {"lang_code": code, "location": group[code]}
                for code in sorted(group, key=lambda c: order.index(c) if c in order else 99)
            ]
            if settings.LANGUAGE_CODE in group:
                alternates.append(
                    {"lang_code": "x-default", "location": group[settings.LANGUAGE_CODE]}
                )
            url["alternates"] = alternates
        return urls
