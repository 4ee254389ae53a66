"""Puts the theme on every template, so base.html names it in `data-theme` before paint."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cms.theme.mode import chosen_mode
from cms.theme.selectors import site_theme
from cms.theme.themes import THEME_COLOURS, ThemePair


def theme(request: HttpRequest) -> dict[str, Any]:
    pair = site_theme(request)
    fixed = False
    mode = chosen_mode(request)
    preview_dark = getattr(request, "preview_dark_mode", None)
    if preview_dark is not None:
        # An editor's preview shows the mode they picked ("Site theme" or "Dark mode"),
        # whatever their browser or system prefers.
        if preview_dark:
            pair = ThemePair(default=pair.dark, light=pair.light, dark=pair.dark)
        fixed = True
        mode = ""
    current = {"dark": pair.dark, "light": pair.light}.get(mode, pair.default)
    return {
        "theme": pair,
        # The theme the page is rendered in: the visitor's choice (the cookie), else the
        # site's default, which CSS turns dark for a dark system while `theme_auto` is set.
        "theme_current": current,
        "theme_auto": not fixed and not mode,
        "theme_fixed": fixed,
        "theme_colour": THEME_COLOURS.get(pair.default, {}).get("primary", ""),
    }
