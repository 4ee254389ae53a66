"""Puts the theme pair on every template, so base.html can set data-theme before paint."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cms.theme.selectors import site_theme
from cms.theme.themes import THEME_COLOURS, ThemePair


def theme(request: HttpRequest) -> dict[str, Any]:
    pair = site_theme(request)
    fixed = False
    if getattr(request, "preview_dark_mode", False):
        # An editor previewing in dark mode: render dark, whatever the browser has stored.
        pair = ThemePair(default=pair.dark, light=pair.light, dark=pair.dark)
        fixed = True
    return {
        "theme": pair,
        "theme_fixed": fixed,
        "theme_colour": THEME_COLOURS.get(pair.default, {}).get("primary", ""),
    }
