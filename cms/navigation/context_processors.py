"""The main menu and footer on every template, computed only if a template uses them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cms.navigation.selectors import footer, main_menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"main_menu": SimpleLazyObject(main_menu), "footer": SimpleLazyObject(footer)}
