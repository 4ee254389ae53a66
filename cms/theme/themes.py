"""The seven daisyUI themes the one CSS bundle carries, and which of them are dark.

This list and the `themes:` line in static_src/src/styles.css name the same themes; a test keeps
them in step. Light and dark are the pair the visitor's toggle moves between by default.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Theme:
    name: str
    label: str | Promise
    dark: bool


THEMES: tuple[Theme, ...] = (
    Theme("light", _("Light"), dark=False),
    Theme("dark", _("Dark"), dark=True),
    Theme("corporate", _("Corporate (light)"), dark=False),
    Theme("emerald", _("Emerald (light)"), dark=False),
    Theme("nord", _("Nord (light)"), dark=False),
    Theme("dracula", _("Dracula (dark)"), dark=True),
    Theme("night", _("Night (dark)"), dark=True),
)
THEMES_BY_NAME = {theme.name: theme for theme in THEMES}
DEFAULT_LIGHT = "light"
DEFAULT_DARK = "dark"


def theme_choices(*, dark: bool | None = None) -> list[tuple[str, str | Promise]]:
    """Choices for a form field: every theme, or only the light or only the dark ones."""
    return [(t.name, t.label) for t in THEMES if dark is None or t.dark == dark]


@dataclass(frozen=True)
class ThemePair:
    """What a page needs to pick its theme: the site default and the light/dark toggle ends."""

    default: str
    light: str
    dark: str


def pair_for(default: str, dark_choice: str = DEFAULT_DARK) -> ThemePair:
    """The toggle's two ends for a site whose editors chose `default` (and a dark theme)."""
    theme = THEMES_BY_NAME.get(default, THEMES_BY_NAME[DEFAULT_LIGHT])
    dark = dark_choice if dark_choice in THEMES_BY_NAME else DEFAULT_DARK
    if theme.dark:
        return ThemePair(default=theme.name, light=DEFAULT_LIGHT, dark=theme.name)
    return ThemePair(default=theme.name, light=theme.name, dark=dark)


# Approximate sRGB colours of each theme, for places CSS cannot reach: the browser's
# <meta name="theme-color"> and the web app manifest.
THEME_COLOURS: dict[str, dict[str, str]] = {
    "light": {"background": "#ffffff", "primary": "#4a00ff"},
    "dark": {"background": "#1d232a", "primary": "#7582ff"},
    "corporate": {"background": "#ffffff", "primary": "#0082ce"},
    "emerald": {"background": "#ffffff", "primary": "#66cc8a"},
    "nord": {"background": "#eceff4", "primary": "#5e81ac"},
    "dracula": {"background": "#282a36", "primary": "#ff79c6"},
    "night": {"background": "#0f172a", "primary": "#38bdf8"},
}
