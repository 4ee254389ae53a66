"""Todos over the API, for staff only: read them and update their state (issue 8)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets

from site_apps.common.api.permissions import IsStaff
from site_apps.common.api.serializers import KnownFieldsOnly
from site_apps.common.api.views import ThrottleFirst
from site_apps.observability.models import TodoItem
from site_apps.observability.selectors import todo_items_for_listing


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A todo",
            value={
                "id": 5,
                "title": "TypeError in checkout",
                "description": "PROJ-1A · web · error",
                "status": "open",
                "priority": 30,
                "category": "bug",
                "source": "sentry",
                "external_id": "4504",
                "link": "https://sentry.example.com/issues/4504/",
                "assignee": "ada@example.com",
                "due_date": None,
                "created_at": "2026-11-20T16:05:00Z",
                "updated_at": "2026-11-20T16:05:00Z",
            },
            response_only=True,
        ),
        OpenApiExample(
            "Take it on",
            value={"status": "in_progress", "assignee": "ada@example.com"},
            request_only=True,
        ),
    ]
)
class TodoItemSerializer(KnownFieldsOnly, serializers.ModelSerializer[TodoItem]):
    link = serializers.CharField(read_only=True, help_text="Where it came from; may be empty.")
    assignee = serializers.SlugRelatedField(
        slug_field="email",
        queryset=get_user_model().objects.filter(is_staff=True, is_active=True),
        allow_null=True,
        required=False,
        help_text="A staff member's email, or null.",
    )

    class Meta:
        model = TodoItem
        fields = [
            "id",
            "title",
            "description",
            "status",
            "priority",
            "category",
            "source",
            "external_id",
            "link",
            "assignee",
            "due_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "source", "external_id", "link", "created_at", "updated_at"]


@extend_schema(tags=["todos"])
class TodoItemViewSet(
    ThrottleFirst,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[TodoItem],
):
    """The operators' todo list (staff only), most urgent first."""

    serializer_class = TodoItemSerializer
    permission_classes = [IsStaff]
    lookup_value_converter = "id"
    cursor_ordering = ("-priority", "-created_at", "-pk")
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[TodoItem]:
        return todo_items_for_listing()
