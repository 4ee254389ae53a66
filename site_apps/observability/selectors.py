"""Reads shared by the admin and (later) the API: query counts stay flat as rows grow."""

from __future__ import annotations

from django.db.models import QuerySet

from site_apps.observability.models import TodoItem


def todo_items_for_listing() -> QuerySet[TodoItem]:
    """Todos with their assignee fetched in the same query, most urgent first."""
    return TodoItem.objects.select_related("assignee").order_by("-priority", "-created_at")


def open_todo_count() -> int:
    return TodoItem.objects.open().count()
