"""What API views share: reaching a team the caller belongs to (or 404), and acting in it.

A team is reached only through the caller: a person's membership, or the team of the API key.
Another team's slug answers 404, exactly like a slug that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions

from site_apps.api.models import TeamAPIKey
from site_apps.teams import policy, selectors
from site_apps.teams.models import Membership


def request_key(request: Any) -> TeamAPIKey | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, TeamAPIKey) else None


def acting_membership(request: Any, slug: str) -> Membership:
    """The caller's membership in the team with this slug; an unsaved one with
    `policy.API_KEY_ROLE` for an API key of that team. `NotFound` for any other team."""
    key = request_key(request)
    if key is not None:
        if key.team.slug != slug:
            raise exceptions.NotFound(_("No team with this slug."))
        membership = Membership(team=key.team, role=policy.API_KEY_ROLE)
    else:
        found = selectors.membership_in(request.user, slug)
        if found is None:
            raise exceptions.NotFound(_("No team with this slug."))
        membership = found
    request._request.api_team_id = membership.team_id  # usage is counted for this team
    return membership


class TeamScopedMixin:
    """For views under /teams/<team_slug>/: `self.actor` is the caller's membership there."""

    kwargs: dict[str, Any]
    request: Any
    _actor: Membership | None = None

    @property
    def actor(self) -> Membership:
        if self._actor is None:
            self._actor = acting_membership(self.request, self.kwargs["team_slug"])
        return self._actor

    @property
    def team(self) -> Any:
        return self.actor.team

    @property
    def by_api_key(self) -> bool:
        return request_key(self.request) is not None


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


class ThrottleFirst:
    """Every API view's first base: throttles run before authentication fails and before
    permissions refuse, so guessing keys or passwords, and 401s, count against the limits.

    (DRF checks permissions first, which would let an anonymous client try keys unthrottled.)
    """

    _throttles_checked = False

    def perform_authentication(self, request: Any) -> None:
        try:
            super().perform_authentication(request)  # type: ignore[misc]
        except exceptions.AuthenticationFailed:
            self.check_throttles(request)  # counted by address: DRF made the user anonymous
            raise

    def check_permissions(self, request: Any) -> None:
        self.check_throttles(request)
        super().check_permissions(request)  # type: ignore[misc]

    def check_throttles(self, request: Any) -> None:
        if self._throttles_checked:
            return
        self._throttles_checked = True
        super().check_throttles(request)  # type: ignore[misc]
