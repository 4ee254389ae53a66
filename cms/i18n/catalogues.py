"""Where the interface's translation catalogues come from (one definition for the command that
updates them and the test that checks them)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

# Folders makemessages must not read: dependencies, build output, tests and docs.
IGNORE = [
    ".venv",
    "node_modules",
    "cms/theme/static_src",
    "docs",
    "tests",
    "var",
    "static",
    "fixtures",
]


def translated_languages() -> list[str]:
    """Every language but the default one (whose strings are the msgids)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def makemessages_options() -> dict[str, Any]:
    return {
        "locale": translated_languages(),
        "ignore_patterns": IGNORE,
        "no_location": True,
        "verbosity": 0,
    }
