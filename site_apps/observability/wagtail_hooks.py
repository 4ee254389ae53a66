"""The todo list in the Wagtail admin: one admin for editors and staff."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from site_apps.observability.models import TodoItem
from site_apps.observability.selectors import todo_items_for_listing


class TodoItemIndexView(IndexView):
    def get_base_queryset(self) -> Any:
        return todo_items_for_listing()


class TodoItemViewSet(ModelViewSet):
    model = TodoItem
    icon = "tasks"
    menu_label = _("Todos")
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = TodoItemIndexView
    # Few columns, so titles stay readable on a phone; category and source are filters.
    list_display = ["title", "status", "priority", "assigned_to", "due_date"]
    list_filter = ["status", "priority", "category", "source", "assignee"]
    list_export = ["title", "status", "priority", "category", "source", "external_id", "link"]
    search_fields = ["title", "description", "external_id", "external_assignee"]
    search_backend_name = None  # the database's own LIKE search: no index to keep in step
    form_fields = [
        "title",
        "description",
        "status",
        "priority",
        "category",
        "assignee",
        "due_date",
        "link",
    ]
    # Where a todo came from is the source's to say: shown on the inspect page, not edited.
    inspect_view_enabled = True


todo_item_viewset = TodoItemViewSet("todos")


@hooks.register("register_admin_viewset")
def register_todo_item_viewset() -> TodoItemViewSet:
    return todo_item_viewset
