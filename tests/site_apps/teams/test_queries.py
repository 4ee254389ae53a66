"""The team pages' SQL query count does not grow with the number of members or invitations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from site_apps.teams.models import Role
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.teams.factories import (
    MembershipFactory,
    TeamFactory,
    make_invitation,
    team_with,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries)


def team_of(size: int, viewer, viewer_role: str, name: str):
    """A team of `size` members (the viewer among them, and always an owner) and as many open
    invitations."""
    team = TeamFactory(name=name)
    MembershipFactory(team=team, user=viewer, role=viewer_role)
    if viewer_role != Role.OWNER:
        MembershipFactory(team=team, role=Role.OWNER)
    while team.memberships.count() < size:
        MembershipFactory(
            team=team, role=Role.ADMIN if team.memberships.count() % 2 else Role.MEMBER
        )
    for n in range(size):
        make_invitation(team, f"invitee{n}@example.com")
    return team


@pytest.mark.parametrize("viewer_role", [Role.OWNER, Role.MEMBER])
def test_team_settings_queries_do_not_grow_with_members(client, viewer_role):
    viewer = UserFactory()
    small = team_of(3, viewer, viewer_role, "Small")
    big = team_of(30, viewer, viewer_role, "Big")
    client.force_login(viewer)

    small_url = reverse("teams:settings", kwargs={"slug": small.slug})
    big_url = reverse("teams:settings", kwargs={"slug": big.slug})
    queries_for(client, small_url)  # the first visit also writes the session
    small_count = queries_for(client, small_url)
    big_count = queries_for(client, big_url)
    assert small_count == big_count


def test_profile_page_queries_do_not_grow_with_teams(client):
    few, _ = team_with(Role.OWNER)
    person = few.memberships.get().user
    client.force_login(person)
    url = reverse("accounts:profile")
    queries_for(client, url)
    before = queries_for(client, url)
    for n in range(10):
        MembershipFactory(user=person, team__name=f"Extra {n}")
    assert queries_for(client, url) == before
