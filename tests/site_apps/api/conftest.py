"""Fixtures for the API: a team with an owner, its API key, and clients for each way in."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from site_apps.api.services import issue_key
from site_apps.teams.models import Role
from tests.site_apps.accounts.factories import UserFactory, verified
from tests.site_apps.teams.factories import MembershipFactory, TeamFactory

PASSWORD = "correct horse battery staple"


@dataclass
class Tenant:
    """A team, its owner, and one working API key of that team."""

    team: object
    owner: object
    key: object
    secret: str


def make_tenant(name: str, **owner_fields) -> Tenant:
    team = TeamFactory(name=name)
    owner = verified(UserFactory(**owner_fields))
    MembershipFactory(team=team, user=owner, role=Role.OWNER)
    key, secret = issue_key(owner, team=team, name=f"{name} key")
    return Tenant(team=team, owner=owner, key=key, secret=secret)


@pytest.fixture(autouse=True)
def _flush_only_when_asked(settings):
    """Tests flush the usage counters themselves (`flush_usage`), to count what is pending."""
    settings.API_USAGE_FLUSH_SECONDS = 0


@pytest.fixture
def tenant(db) -> Tenant:
    return make_tenant("Acme")


@pytest.fixture
def other_tenant(db) -> Tenant:
    return make_tenant("Globex")


def key_client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


def jwt_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def session_client(user) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def auth_clients(tenant: Tenant) -> dict[str, APIClient]:
    """The same team reached with each of the three authentications (the owner's for people)."""
    return {
        "api_key": key_client(tenant.secret),
        "jwt": jwt_client(tenant.owner),
        "session": session_client(tenant.owner),
    }
