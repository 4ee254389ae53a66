"""Which languages a page exists in, and where the language switcher sends a visitor.

Both are cached with the rest of the site content (dropped when any page is published, moved
or unpublished), so the switcher and the hreflang links cost no query on a warm cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from cms.content_cache import cached_content
from cms.pages.selectors import readable


@dataclass(frozen=True)
class PageAddress:
    url: str
    full_url: str


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher."""

    code: str
    name: str
    url: str
    current: bool
    # False when the page has no translation in this language and the link goes to that
    # language's home page instead (the documented fallback).
    translated: bool


def _addresses(pages: Any) -> dict[str, PageAddress]:
    found: dict[str, PageAddress] = {}
    for page in pages.select_related("locale").order_by("path"):
        url = page.get_url()
        if url:
            found.setdefault(
                page.locale.language_code, PageAddress(url=url, full_url=page.get_full_url())
            )
    return found


def page_translations(page: Page) -> dict[str, PageAddress]:
    """Language code -> address of each live, public translation of the page (itself included)."""
    return cached_content(
        f"page-translations:{page.translation_key}",
        lambda: _addresses(readable(Page.objects.filter(translation_key=page.translation_key))),
    )


def home_pages() -> dict[str, PageAddress]:
    """Language code -> address of the default site's home page in that language."""

    def build() -> dict[str, PageAddress]:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return {}
        key = site.root_page.translation_key
        return _addresses(Page.objects.live().filter(translation_key=key))

    return cached_content("home-pages", build)


def current_language() -> str:
    return get_supported_content_language_variant(get_language())


def language_links(request: HttpRequest | None, page: Any = None) -> list[LanguageLink]:
    """The switcher's links: this page in each language; the translated home page where the
    page has no translation; for Django views (sign-in, teams...) the same view in each
    language."""
    current = current_language()
    translations = page_translations(page) if isinstance(page, Page) and page.pk else {}
    homes = home_pages()
    match = getattr(request, "resolver_match", None)
    is_django_view = match is not None and match.url_name != "wagtail_serve" and page is None
    links = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code in translations:
            url, translated = translations[code].url, True
        elif is_django_view and request is not None:  # (a view was matched: there is one)
            url, translated = translate_url(request.get_full_path(), code), True
        elif code in homes:
            url, translated = homes[code].url, False
        else:
            continue
        links.append(LanguageLink(code, name, url, code == current, translated))
    return links


def hreflang_alternates(page: Any) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for each translation of the page, then x-default (the default
    language's version). Every translation gets the same set, so the links are reciprocal."""
    if not isinstance(page, Page) or not page.pk:
        return []
    translations = page_translations(page)
    alternates = [
        (code, translations[code].full_url)
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code in translations
    ]
    default = translations.get(settings.LANGUAGE_CODE)
    if default is not None:
        alternates.append(("x-default", default.full_url))
    return alternates
