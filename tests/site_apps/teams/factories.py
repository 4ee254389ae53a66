from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import factory
from django.utils import timezone

from site_apps.accounts.models import User
from site_apps.teams.models import Invitation, Membership, Role, Team, hash_token
from tests.site_apps.accounts.factories import UserFactory


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")

    if TYPE_CHECKING:  # factory_boy's call makes a Team; say so to the type checker

        def __new__(cls, *args: Any, **kwargs: Any) -> Team: ...  # type: ignore[misc]


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER

    if TYPE_CHECKING:  # factory_boy's call makes a Membership; say so to the type checker

        def __new__(cls, *args: Any, **kwargs: Any) -> Membership: ...  # type: ignore[misc]


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    """An open invitation. Its link's token is not kept: use `make_invitation` to follow it."""

    class Meta:
        model = Invitation

    team = factory.SubFactory(TeamFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = Role.MEMBER
    token_hash = factory.LazyFunction(lambda: hash_token(secrets.token_urlsafe(32)))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


def make_invitation(
    team: Team,
    email: str = "invitee@example.com",
    role: str = Role.MEMBER,
    *,
    expires_in: timedelta = timedelta(days=7),
    author: User | None = None,
) -> tuple[Invitation, str]:
    """An invitation and the token its link carries (the database only has the digest)."""
    token = secrets.token_urlsafe(32)
    invitation = InvitationFactory.create(
        team=team,
        email=email,
        role=role,
        token_hash=hash_token(token),
        expires_at=timezone.now() + expires_in,
        author=author,
    )
    return invitation, token


def team_with(*roles: str, name: str = "Acme") -> tuple[Team, list[Membership]]:
    """A team whose members have these roles, in this order."""
    team = TeamFactory.create(name=name)
    return team, [MembershipFactory.create(team=team, role=role) for role in roles]
