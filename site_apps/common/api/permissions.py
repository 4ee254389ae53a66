"""Who may call an endpoint: a person, a team API key, staff.

The API key model lives in `site_apps.api` (above this leaf), so it is recognised by the
`TeamKeyCredential` base it inherits, not by importing it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import permissions


class TeamKeyCredential:
    """What `request.auth` is when a team API key authenticated the request
    (`site_apps.api.models.TeamAPIKey` inherits this)."""

    team: Any  # the key's team (a ForeignKey on the model)
    team_id: int
    prefix: str


def request_key(request: Any) -> TeamKeyCredential | None:
    """The team API key the request authenticated with, or None (a person, or nobody)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, TeamKeyCredential) else None


class IsPerson(permissions.BasePermission):
    """Signed in as a person (session or JWT), not with an API key."""

    message = _("This endpoint is for people: sign in with a session or a JWT, not an API key.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and request_key(request) is None)


class IsTeamKey(permissions.BasePermission):
    """Authenticated with a team API key."""

    message = _(
        "This endpoint is for team API keys. Signed in as a person, list your teams at teams/."
    )

    def has_permission(self, request: Any, view: Any) -> bool:
        return request_key(request) is not None


class IsStaff(IsPerson):
    message = _("Only staff can use this endpoint.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return super().has_permission(request, view) and bool(request.user.is_staff)
