"""The style guide: every design-system block rendered with its preview value, in any theme.

Staff only. Designers check blocks against each theme here, and the browser tests run axe on it
in every theme (`?theme=dracula`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import user_passes_test
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from cms.blocks.lists import body_blocks
from cms.theme.themes import THEMES, THEMES_BY_NAME


def _is_staff(user: object) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


@user_passes_test(_is_staff, login_url="accounts:editors_only")
def styleguide(request: HttpRequest) -> HttpResponse:
    requested = request.GET.get("theme", "")
    forced_theme = requested if requested in THEMES_BY_NAME else ""
    blocks = []
    for name, block in body_blocks():
        block.set_name(name)
        blocks.append(
            {
                "name": name,
                "label": block.label,
                "description": block.get_description(),
                "group": block.meta.group,
                "bound": block.bind(block.get_preview_value()),
            }
        )
    context: dict[str, Any] = {"blocks": blocks, "themes": THEMES, "forced_theme": forced_theme}
    if forced_theme:
        # Over the theme context processor's answer: this theme, whatever the visitor chose.
        context |= {"theme_current": forced_theme, "theme_fixed": True, "theme_auto": False}
    return TemplateResponse(request, "styleguide.html", context)
