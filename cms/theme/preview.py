"""Page previews in the site theme or in dark mode, picked in the editor's preview panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ThemePreviewMixin:
    """Adds a "Dark mode" preview mode to a page type (the default mode is the site theme)."""

    @property
    def preview_modes(self) -> list[tuple[str, Any]]:
        return [("", _("Site theme")), ("dark", _("Dark mode"))]

    def serve_preview(self, request: HttpRequest, mode_name: str) -> Any:
        # Read by the theme's context processor, like the other attributes views set.
        request.preview_dark_mode = mode_name == "dark"  # type: ignore[attr-defined]
        return super().serve_preview(request, "")  # type: ignore[misc]
