"""The header's account menu and team switcher: the signed-in person's teams, queried only
when a template uses them (one query), never for visitors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from site_apps.teams import selectors
from site_apps.teams.current import pick_current


def teams(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = SimpleLazyObject(lambda: list(selectors.memberships_of(user)))
    return {
        "my_memberships": memberships,
        "current_membership": SimpleLazyObject(lambda: pick_current(list(memberships), request)),
    }
