"""Cursor pagination for every list: stable under inserts, no COUNT query, a capped size.

Clients follow `next` and `previous` (opaque URLs); `?page_size=` picks 1 to 100 rows (more is
capped at 100). A `page_size` that is not a positive whole number, or a cursor we did not make
(its position is not a value of the ordering field, or does not match the view's
`cursor_position_pattern`), answers 400 instead of being ignored or reaching the database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor
from rest_framework.request import Request

if TYPE_CHECKING:
    # A type only: importing DRF's views reads its settings, which import our authentication.
    from rest_framework.views import APIView

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class CursorPagination(pagination.CursorPagination):
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    ordering = "-pk"

    def get_ordering(
        self, request: Request, queryset: QuerySet[Any], view: APIView
    ) -> tuple[str, ...]:
        """A view's `cursor_ordering` (a tuple of fields, the last one unique) wins."""
        ordering = getattr(view, "cursor_ordering", None)
        return tuple(ordering) if ordering else super().get_ordering(request, queryset, view)

    def get_page_size(self, request: Request) -> int:
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        if not asked.isascii() or not asked.isdigit() or int(asked) < 1:
            raise ValidationError(
                {self.page_size_query_param: [_("Ask for a whole number of rows from 1 to 100.")]}
            )
        return min(int(asked), self.max_page_size)

    def paginate_queryset(
        self,
        queryset: QuerySet[Any, Any] | Sequence[Any],
        request: Request,
        view: APIView | None = None,
    ) -> list[Any] | None:
        if not isinstance(queryset, QuerySet):  # a programming error, not a client's
            raise TypeError("a cursor is a position in a queryset's ordering")
        self._model = queryset.model
        self._position_pattern = getattr(view, "cursor_position_pattern", None)
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Cursor | None:
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = None
            self._refuse_cursor()
        if cursor is not None and cursor.position is not None:
            # The position comes from the query string, a str (DRF's stubs say int).
            self._check_position(str(cursor.position))
        return cursor

    def _check_position(self, position: str) -> None:
        """The position must be a valid value of the first ordering field."""
        if "\x00" in position:
            self._refuse_cursor()
        # A view whose first ordering field takes any text says what its values look like.
        pattern: re.Pattern[str] | None = self._position_pattern
        if pattern is not None and not pattern.fullmatch(position):
            self._refuse_cursor()
        name = self.ordering[0].lstrip("-")
        meta = self._model._meta
        try:
            field = meta.pk if name == "pk" else meta.get_field(name)
        except FieldDoesNotExist:  # ordered through a relation: nothing to check it against
            return
        try:
            field.run_validators(field.to_python(position))
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            self._refuse_cursor()

    def _refuse_cursor(self) -> None:
        raise ValidationError(
            {self.cursor_query_param: [_("This cursor is not valid: follow next or previous.")]}
        )
