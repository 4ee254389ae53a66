"""The header and footer content as plain data, cached: rendering them costs no query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from cms.content_cache import cached_content
from cms.navigation.models import SOCIAL_NETWORKS, Footer, MainMenu


@dataclass(frozen=True)
class NavLink:
    label: str
    href: str
    style: str = ""

    @property
    def is_external(self) -> bool:
        return self.href.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Menu:
    links: list[NavLink] = field(default_factory=list)
    buttons: list[NavLink] = field(default_factory=list)


@dataclass(frozen=True)
class FooterColumn:
    heading: str
    links: list[NavLink]


@dataclass(frozen=True)
class SocialLink:
    network: str
    label: str
    url: str


@dataclass(frozen=True)
class FooterContent:
    tagline: str = ""
    columns: list[FooterColumn] = field(default_factory=list)
    social: list[SocialLink] = field(default_factory=list)
    legal: list[NavLink] = field(default_factory=list)
    copyright: str = ""


def _in_language(pages: list[Page]) -> dict[int, Page]:
    """Each linked page as the visitor should reach it: its live translation in the visitor's
    language, else the page itself while it is live. An unpublished page is left out, so a menu
    never leads to a 404; one query for all of them."""
    translations = {
        page.translation_key: page
        for page in Page.objects.filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=_language(),
            live=True,
        )
    }
    found = {}
    for page in pages:
        target = translations.get(page.translation_key) or (page if page.live else None)
        if target is not None:
            found[page.pk] = target
    return found


def _linked_pages(values: Iterable[Any]) -> dict[int, Page]:
    return _in_language([value["page"] for value in values if value.get("page") is not None])


def _links(values: Iterable[Any], pages: dict[int, Page] | None = None) -> list[NavLink]:
    """The links to show; `pages` when the caller resolved them already (one query for a
    whole footer)."""
    values = list(values)
    if pages is None:
        pages = _linked_pages(values)
    links = []
    for value in values:
        if value.get("page") is not None:
            target = pages.get(value["page"].pk)
            href = (target.url or "") if target is not None else ""
        else:
            href = value.get("url") or ""
        if href:
            links.append(NavLink(label=value["label"], href=href, style=value.get("style", "")))
    return links


def _language() -> str:
    return get_supported_content_language_variant(get_language())


def menu_content(menu: MainMenu) -> Menu:
    """A main menu (live, or a draft being previewed) as the header shows it."""
    return Menu(
        links=_links(child.value for child in menu.links),
        buttons=_links(child.value for child in menu.buttons),
    )


def main_menu() -> Menu:
    """The first live main menu in the visitor's language, or an empty one."""
    language = _language()

    def build() -> Menu:
        menu = (
            MainMenu.objects.filter(locale__language_code=language, live=True)
            .order_by("pk")
            .first()
        )
        return menu_content(menu) if menu is not None else Menu()

    return cached_content(f"main-menu:{language}", build)


def footer_content(found: Footer) -> FooterContent:
    """A footer (live, or a draft being previewed) as the page shows it."""
    networks = dict(SOCIAL_NETWORKS)
    legal = [child.value for child in found.legal_links]
    pages = _linked_pages([*(v for c in found.columns for v in c.value["links"]), *legal])
    return FooterContent(
        tagline=found.tagline,
        columns=[
            FooterColumn(heading=c.value["heading"], links=_links(c.value["links"], pages))
            for c in found.columns
        ],
        social=[
            SocialLink(
                network=s.value["network"],
                label=str(networks.get(s.value["network"], s.value["network"])),
                url=s.value["url"],
            )
            for s in found.social_links
        ],
        legal=_links(legal, pages),
        copyright=found.copyright,
    )


def footer() -> FooterContent:
    """The first live footer in the visitor's language, or an empty one."""
    language = _language()

    def build() -> FooterContent:
        found = (
            Footer.objects.filter(locale__language_code=language, live=True).order_by("pk").first()
        )
        return footer_content(found) if found is not None else FooterContent()

    return cached_content(f"footer:{language}", build)
