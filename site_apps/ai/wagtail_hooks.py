"""The AI features in the admin: their endpoints, the per-site switches and budget, and the
audit list of model calls (Reports → AI calls). Nothing is registered while AI is off."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.settings.registry import register_setting
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from site_apps.ai.models import AiSettings, ModelCall
from site_apps.common.users import Caller


class ViewOnlyPolicy(ModelPermissionPolicy):
    """The audit list is read, never written: only the "view" permission counts."""

    def user_has_permission(self, user: Caller, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Any) -> Any:
        return super().users_with_any_permission([a for a in actions if a == "view"])


AUDIT_POLICY = ViewOnlyPolicy(ModelCall)
register_permission_policy(ModelCall, AUDIT_POLICY)


class ModelCallViewSet(ModelViewSet):
    model = ModelCall
    icon = "wand"
    menu_label = _("AI calls")
    add_to_admin_menu = False
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields: list[str] = []  # no add or edit view is reachable: the policy refuses them
    list_display = [
        "created_at",
        "feature",
        Column("get_outcome_display", label=_("Outcome")),
        "user",
        "model_name",
        "duration_ms",
        "input_tokens",
        "output_tokens",
    ]
    list_filter = ["feature", "outcome", "created_at"]
    list_export = [
        "created_at",
        "feature",
        "outcome",
        "user",
        "model_name",
        "duration_ms",
        "input_tokens",
        "output_tokens",
    ]
    search_fields = ["prompt_excerpt", "output_excerpt", "model_name"]
    ordering = ["-created_at", "-id"]
    inspect_view_fields = [
        "created_at",
        "site",
        "user",
        "feature",
        "outcome",
        "model_name",
        "duration_ms",
        "input_tokens",
        "output_tokens",
        "prompt_excerpt",
        "output_excerpt",
    ]


model_call_viewset = ModelCallViewSet("ai_calls")


class AuditMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return AUDIT_POLICY.user_has_permission(request.user, "view")


if settings.AI_ENABLED:
    from site_apps.ai import editor

    register_setting(AiSettings, icon="wand")

    @hooks.register("register_admin_viewset")
    def register_audit_list() -> ModelViewSet:
        return model_call_viewset

    @hooks.register("register_reports_menu_item")
    def register_audit_menu_item() -> MenuItem:
        return AuditMenuItem(
            _("AI calls"),
            reverse(model_call_viewset.get_url_name("index")),
            name="ai-calls",
            icon_name="wand",
            order=1200,
        )

    # Listed before wagtail-ai's and wagtail-localize's own URLs (order=-1), so these paths
    # resolve to the gateway's views; their URL names (used by their scripts) stay theirs.
    @hooks.register("register_admin_urls", order=-1)
    def take_over_ai_endpoints() -> list[Any]:
        return [
            path("ai/text_completion/", editor.text_completion),
            path("ai/basic_prompt/", editor.basic_prompt),
            path("ai/content_feedback/", editor.content_feedback),
            path("ai/suggested_content/", editor.not_available),
            path("ai/describe_image/", editor.not_available),
            path(
                "localize/translate/<int:translation_id>/machine_translate/",
                editor.machine_translate,
            ),
        ]
