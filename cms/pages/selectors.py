"""Reads every page family shares: which published pages anyone may read (the blog's
listings, the language switcher and the content API all ask this)."""

from __future__ import annotations

from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from cms.content_cache import cached_content


def restricted_paths() -> list[str]:
    """Tree paths of pages behind a view restriction (password, login...); cached."""
    return cached_content(
        "restricted-paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def readable(pages: PageQuerySet) -> PageQuerySet:
    """Published pages anyone may read: Wagtail's `live().public()`, with the restricted
    sections read from the cache instead of a query per listing."""
    pages = pages.live()
    for path in restricted_paths():
        pages = pages.exclude(path__startswith=path)
    return pages
