"""Teams, memberships and invitations in the Wagtail admin: search, filters, and team
isolation for staff who are not superusers."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from site_apps.teams.models import Membership, Role
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.teams.factories import MembershipFactory, make_invitation, team_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_teams():
    alpha, (_alpha_owner,) = team_with(Role.OWNER, name="Alpha")
    beta, (_beta_owner, beta_member) = team_with(Role.OWNER, Role.MEMBER, name="Beta")
    make_invitation(alpha, "alpha-invitee@example.com")
    make_invitation(beta, "beta-invitee@example.com")
    return alpha, beta, beta_member


@pytest.fixture
def support_staff(two_teams):
    """A staff member (not a superuser) given view rights on the teams models, who belongs to
    team Alpha only."""
    alpha, _, _ = two_teams
    group = Group.objects.create(name="Support")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_team",
                "change_team",
                "view_membership",
                "change_membership",
                "view_invitation",
            ]
        )
    )
    person = UserFactory(email="support@example.com", is_staff=True)
    person.groups.add(group)
    MembershipFactory(team=alpha, user=person, role=Role.MEMBER)
    return person


def test_superusers_list_search_and_filter_every_team(client, two_teams):
    alpha, beta, _ = two_teams
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("team:index")).content.decode()
    assert "Alpha" in page
    assert "Beta" in page
    page = client.get(reverse("team:index"), {"q": "bet"}).content.decode()
    assert "Beta" in page
    assert "Alpha" not in page

    page = client.get(reverse("membership:index"), {"role": Role.MEMBER}).content.decode()
    assert Membership.objects.get(team=beta, role=Role.MEMBER).user.email in page
    assert Membership.objects.get(team=alpha).user.email not in page

    page = client.get(reverse("invitation:index"), {"q": "beta-"}).content.decode()
    assert "beta-invitee@example.com" in page
    assert "alpha-invitee@example.com" not in page
    assert client.get(reverse("team:edit", args=[beta.pk])).status_code == 200


def test_other_staff_see_only_their_own_teams(client, two_teams, support_staff):
    alpha, beta, beta_member = two_teams
    client.force_login(support_staff)
    teams = client.get(reverse("team:index")).content.decode()
    assert "Alpha" in teams
    assert "Beta" not in teams
    members = client.get(reverse("membership:index")).content.decode()
    assert beta_member.user.email not in members
    invitations = client.get(reverse("invitation:index")).content.decode()
    assert "alpha-invitee@example.com" in invitations
    assert "beta-invitee@example.com" not in invitations

    assert client.get(reverse("team:edit", args=[alpha.pk])).status_code == 200
    for url in (
        reverse("team:edit", args=[beta.pk]),
        reverse("team:inspect", args=[beta.pk]),
        reverse("team:history", args=[beta.pk]),
        reverse("membership:inspect", args=[beta_member.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("team:edit", args=[beta.pk]), {"name": "Taken", "slug": "x"})
    assert response.status_code == 404
    beta.refresh_from_db()
    assert beta.name == "Beta"


def test_memberships_and_invitations_are_only_shown_so_the_team_rules_hold(client, two_teams):
    _, _beta, beta_member = two_teams
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in (
        reverse("membership:edit", args=[beta_member.pk]),
        reverse("membership:delete", args=[beta_member.pk]),
        reverse("membership:add"),
        reverse("team:add"),
    ):
        response = client.get(url)
        # Wagtail answers a permission refusal with a redirect to the dashboard and a message.
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    response = client.post(reverse("membership:edit", args=[beta_member.pk]), {"role": "owner"})
    assert response.status_code == 302
    beta_member.refresh_from_db()
    assert beta_member.role == Role.MEMBER
    assert client.get(reverse("membership:inspect", args=[beta_member.pk])).status_code == 200


def test_customers_without_admin_access_are_kept_out(client, two_teams):
    _, beta, beta_member = two_teams
    client.force_login(beta_member.user)
    response = client.get(reverse("team:index"))
    assert response.status_code == 302
    assert client.get(reverse("team:edit", args=[beta.pk])).status_code == 302
