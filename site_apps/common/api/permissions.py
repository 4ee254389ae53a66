"""Who may call an endpoint: a person, a team API key, staff.

The API key model lives in `site_apps.api` (above this leaf), so it is recognised by the
`TeamKeyCredential` base it inherits, not by importing it.

Each operation also says which kinds of caller it serves (`accepted_callers`): the OpenAPI
schema lists only their authentication schemes (`site_apps/api/schema.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions
from rest_framework.request import Request

from site_apps.common.users import Person

if TYPE_CHECKING:
    # A type only: importing DRF's views reads its settings, which import our authentication.
    from rest_framework.views import APIView


# The kinds of caller: a person (a session or a JWT) and a team API key.
PERSON = "person"
API_KEY = "api_key"
PEOPLE = frozenset({PERSON})
KEYS = frozenset({API_KEY})
ANYONE = PEOPLE | KEYS


def accepted_callers(view: APIView) -> frozenset[str]:
    """The kinds of caller the view's current action can serve: what each of its permission
    classes lets through (their `callers`), narrowed by the view's own `callers` (all its
    actions) and `callers_by_action`, for what its rules refuse to a kind of caller whatever
    the team (an API key acts as a plain member, so what only owners and admins may do is for
    people)."""
    callers = ANYONE
    for permission in view.get_permissions():
        callers &= getattr(permission, "callers", ANYONE)
    callers &= getattr(view, "callers", ANYONE)
    by_action: dict[str, frozenset[str]] = getattr(view, "callers_by_action", {})
    return callers & by_action.get(getattr(view, "action", None) or "", ANYONE)


class TeamKeyCredential:
    """What `request.auth` is when a team API key authenticated the request
    (`site_apps.api.models.TeamAPIKey` inherits this)."""

    team: Any  # the key's team (a ForeignKey on the model)
    team_id: int
    prefix: str


def request_key(request: Request) -> TeamKeyCredential | None:
    """The team API key the request authenticated with, or None (a person, or nobody)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, TeamKeyCredential) else None


def acting_person(request: Request) -> Person | None:
    """The person behind a request, or None when a team API key (or nobody) is calling: the
    actor services name in their logs."""
    user = request.user
    return None if isinstance(user, AnonymousUser) else user


def request_person(request: Request) -> Person:
    """The person behind a request that `IsPerson` (or `IsAuthenticated` without a key) let
    through; `NotAuthenticated` if nobody, or a team API key, is calling."""
    user = request.user
    if isinstance(user, AnonymousUser):  # a team API key's user is an AnonymousUser too
        raise exceptions.NotAuthenticated()
    return user


class IsPerson(permissions.BasePermission):
    """Signed in as a person (session or JWT), not with an API key."""

    message = _("This endpoint is for people: sign in with a session or a JWT, not an API key.")
    callers: ClassVar[frozenset[str]] = PEOPLE

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and request_key(request) is None)


class IsTeamKey(permissions.BasePermission):
    """Authenticated with a team API key."""

    message = _(
        "This endpoint is for team API keys. Signed in as a person, list your teams at teams/."
    )
    callers: ClassVar[frozenset[str]] = KEYS

    def has_permission(self, request: Request, view: APIView) -> bool:
        return request_key(request) is not None


class IsStaff(IsPerson):
    message = _("Only staff can use this endpoint.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return super().has_permission(request, view) and bool(request.user.is_staff)
