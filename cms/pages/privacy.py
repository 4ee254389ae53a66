"""Page privacy (Wagtail's view restrictions) answered from the site content cache."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from django.db.models import QuerySet
from wagtail.models import Page, PageViewRestriction

from cms.content_cache import invalidate_site_content
from cms.pages.selectors import view_restriction_ids


class CachedViewRestrictionsMixin:
    """Wagtail asks every page it serves for its view restrictions (`check_view_restrictions`),
    two queries even when there are none, which is nearly always. A page type with this mixin
    answers from the cache: the same restrictions, as a queryset so that the admin's privacy
    views can still filter and order them, and no query at all when there are none."""

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        ids = view_restriction_ids(cast(Page, self))
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)


def forget_privacy_of_converted_alias(
    sender: Any, instance: Page, update_fields: Collection[str] | None = None, **kwargs: Any
) -> None:
    """A `post_save` receiver: an alias converted into an ordinary page (Wagtail saves only its
    `alias_of`, and sends no other signal) no longer reads its source's restrictions, nor do
    the pages under it."""
    if update_fields and {"alias_of", "alias_of_id"} & set(update_fields):
        invalidate_site_content()
