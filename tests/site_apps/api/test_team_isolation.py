"""Team isolation on every team endpoint: another team's slug or objects are simply not found,
whichever way the caller authenticated."""

from __future__ import annotations

import pytest

from site_apps.teams.models import Role
from tests.site_apps.api.conftest import auth_clients, key_client
from tests.site_apps.teams.factories import MembershipFactory, make_invitation

pytestmark = pytest.mark.django_db

TEAM_ENDPOINTS = ["", "memberships/", "invitations/", "api-keys/", "usage/"]


def objects_of(tenant) -> dict[str, str]:
    """One object of each kind in the tenant's team, by its endpoint."""
    member = MembershipFactory(team=tenant.team, role=Role.MEMBER)
    invitation, _ = make_invitation(tenant.team, "someone@example.com")
    return {
        "memberships/": f"memberships/{member.pk}/",
        "invitations/": f"invitations/{invitation.pk}/",
        "api-keys/": f"api-keys/{tenant.key.prefix}/",
    }


@pytest.mark.parametrize("method", ["api_key", "jwt", "session"])
@pytest.mark.parametrize("endpoint", TEAM_ENDPOINTS)
def test_another_teams_slug_is_not_found(tenant, other_tenant, method, endpoint):
    client = auth_clients(tenant)[method]
    own = client.get(f"/api/v1/teams/{tenant.team.slug}/{endpoint}")
    # An API key is a member: it may not list invitations or keys, but it finds the team.
    assert own.status_code in (200, 403), own.content
    response = client.get(f"/api/v1/teams/{other_tenant.team.slug}/{endpoint}")
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "detail": "No team with this slug."}


@pytest.mark.parametrize("method", ["jwt", "session"])
@pytest.mark.parametrize("kind", ["memberships/", "invitations/", "api-keys/"])
def test_another_teams_objects_are_not_found_under_my_team(tenant, other_tenant, method, kind):
    theirs = objects_of(other_tenant)[kind]
    client = auth_clients(tenant)[method]
    assert client.get(f"/api/v1/teams/{tenant.team.slug}/{theirs}").status_code == 404
    headers = {"HTTP_X_CSRFTOKEN": "unused"} if method == "session" else {}
    deleted = auth_clients(tenant)["jwt"].delete(f"/api/v1/teams/{tenant.team.slug}/{theirs}")
    assert deleted.status_code == 404, headers
    other_tenant.key.refresh_from_db()
    assert not other_tenant.key.revoked


def test_lists_hold_only_the_callers_team(tenant, other_tenant):
    objects_of(tenant)
    objects_of(other_tenant)
    client = auth_clients(tenant)["jwt"]
    slug = tenant.team.slug
    members = client.get(f"/api/v1/teams/{slug}/memberships/").json()["results"]
    assert {m["user"]["email"] for m in members} <= set(
        tenant.team.memberships.values_list("user__email", flat=True)
    )
    keys = client.get(f"/api/v1/teams/{slug}/api-keys/").json()["results"]
    assert [k["prefix"] for k in keys] == [tenant.key.prefix]
    teams = client.get("/api/v1/teams/").json()["results"]
    assert [t["slug"] for t in teams] == [slug]


def test_a_key_sees_its_team_as_a_member(tenant):
    client = key_client(tenant.secret)
    slug = tenant.team.slug
    team = client.get(f"/api/v1/teams/{slug}/").json()
    assert team["role"] == "member"
    refused = client.patch(f"/api/v1/teams/{slug}/", {"name": "Hijacked"})
    assert refused.status_code == 403
    assert refused.json()["type"] == "permission_denied"
    keys = client.post(f"/api/v1/teams/{slug}/api-keys/", {"name": "Another"})
    assert keys.status_code == 403
    assert "API key cannot" in keys.json()["detail"]


def test_a_plain_member_cannot_manage_but_can_read(tenant):
    from tests.site_apps.api.conftest import jwt_client

    member = MembershipFactory(team=tenant.team, role=Role.MEMBER)
    client = jwt_client(member.user)
    slug = tenant.team.slug
    assert client.get(f"/api/v1/teams/{slug}/memberships/").status_code == 200
    assert client.get(f"/api/v1/teams/{slug}/invitations/").status_code == 403
    assert client.get(f"/api/v1/teams/{slug}/api-keys/").status_code == 403
    owner = tenant.team.memberships.get(role=Role.OWNER)
    removed = client.delete(f"/api/v1/teams/{slug}/memberships/{owner.pk}/")
    assert removed.status_code == 403
    assert removed.json()["detail"] == "Only the team's owners and admins can do that."


@pytest.mark.parametrize("method", ["api_key", "jwt"])
def test_todos_are_for_staff_only(tenant, method):
    response = auth_clients(tenant)[method].get("/api/v1/todos/")
    assert response.status_code == 403
    tenant.owner.is_staff = True
    tenant.owner.save()
    again = auth_clients(tenant)[method].get("/api/v1/todos/")
    # A key is never staff, whoever made it.
    assert again.status_code == (403 if method == "api_key" else 200)
