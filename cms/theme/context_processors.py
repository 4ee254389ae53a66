"""Puts the theme pair on every template, so base.html can set data-theme before paint."""

from __future__ import annotations

from django.http import HttpRequest

from cms.theme.selectors import site_theme
from cms.theme.themes import THEME_COLOURS


def theme(request: HttpRequest) -> dict:
    pair = site_theme(request)
    return {"theme": pair, "theme_colour": THEME_COLOURS.get(pair.default, {}).get("primary", "")}
