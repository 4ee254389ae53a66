"""Cursor pagination for every list: stable under inserts, no COUNT query, a capped size.

Clients follow `next` and `previous` (opaque URLs); `?page_size=` picks 1 to 100 rows.
"""

from __future__ import annotations

from rest_framework import pagination

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class CursorPagination(pagination.CursorPagination):
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    ordering = "-pk"

    def get_ordering(self, request, queryset, view):
        """A view's `cursor_ordering` (a tuple of fields, the last one unique) wins."""
        ordering = getattr(view, "cursor_ordering", None)
        return tuple(ordering) if ordering else super().get_ordering(request, queryset, view)
