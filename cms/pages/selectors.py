"""Reads every page family shares: which published pages anyone may read (the blog's
listings, the language switcher and the content API all ask this), and which view restrictions
guard one page (Wagtail asks before serving it)."""

from __future__ import annotations

from wagtail.models import Page, PageViewRestriction
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


def view_restriction_ids(page: Page) -> list[int]:
    """Ids of the view restrictions that guard `page`: its own and its ancestors', an alias
    reading its source's (Wagtail's `Page.get_view_restrictions`, two queries); cached. Saving
    or deleting a restriction, and moving, publishing or converting a page, change the site
    content version (apps.py), so an editor's change applies at once."""

    def find() -> list[int]:
        return list(Page.get_view_restrictions(page).values_list("pk", flat=True))

    if page.pk is None:
        return find()
    return cached_content(f"view-restrictions:{page.pk}", find)
