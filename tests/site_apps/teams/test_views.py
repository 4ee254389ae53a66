"""The team pages as people use them: plain form posts with redirects, htmx fragments, and
the wall between teams (another team's pages, fragments and rows answer 404)."""

import re
from typing import Any
from urllib.parse import parse_qs

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from site_apps.teams.current import SESSION_KEY
from site_apps.teams.models import Invitation, Membership, Role
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.teams.factories import make_invitation, team_with

pytestmark = pytest.mark.django_db

OWNER, ADMIN, MEMBER = Role.OWNER, Role.ADMIN, Role.MEMBER
HTMX = {"HTTP_HX_REQUEST": "true"}


def signed_in(client, membership):
    client.force_login(membership.user)
    return client


def settings_url(team):
    return reverse("teams:settings", kwargs={"slug": team.slug})


def test_pages_need_a_signed_in_person(client):
    team, _ = team_with(OWNER)
    for url in (reverse("teams:home"), reverse("teams:create"), settings_url(team)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_newcomer_is_asked_to_create_a_team_and_becomes_its_owner(client):
    newcomer = UserFactory()
    client.force_login(newcomer)
    assert client.get(reverse("teams:home"))["Location"] == reverse("teams:create")
    page = client.get(reverse("teams:create"))
    assert "Create your team" in page.content.decode()

    response = client.post(reverse("teams:create"), {"team-name": ""})
    assert "This field is required." in response.content.decode()
    response = client.post(reverse("teams:create"), {"team-name": "Acme"})
    membership = Membership.objects.get(user=newcomer)
    assert membership.role == OWNER
    assert response["Location"] == settings_url(membership.team)
    assert client.session[SESSION_KEY] == membership.team.pk


def test_the_settings_page_lists_members_and_shows_owners_the_controls(client):
    team, (owner, plain) = team_with(OWNER, MEMBER)
    page = signed_in(client, owner).get(settings_url(team)).content.decode()
    assert owner.user.email in page
    assert plain.user.email in page
    assert "Send invitation" in page
    assert f'id="role-{plain.pk}"' in page


def test_a_plain_member_sees_the_team_but_no_controls(client):
    team, (_owner, plain) = team_with(OWNER, MEMBER)
    page = signed_in(client, plain).get(settings_url(team)).content.decode()
    assert "Send invitation" not in page
    assert 'name="role"' not in page
    assert "Rename" not in page


def test_inviting_without_javascript_redirects_with_a_message(
    client, django_capture_on_commit_callbacks
):
    team, (owner,) = team_with(OWNER)
    client = signed_in(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("teams:invite", kwargs={"slug": team.slug}),
            {"invite-email": "grace@example.com", "invite-role": ADMIN},
            follow=True,
        )
    assert response.redirect_chain == [(settings_url(team), 302)]
    page = response.content.decode()
    assert "Invitation sent to grace@example.com." in page
    assert "grace@example.com" in page
    assert len(mail.outbox) == 1


def test_inviting_with_htmx_returns_only_the_invitations_fragment(client):
    team, (owner,) = team_with(OWNER)
    response = signed_in(client, owner).post(
        reverse("teams:invite", kwargs={"slug": team.slug}),
        {"invite-email": "grace@example.com", "invite-role": MEMBER},
        **HTMX,
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="invitations"')
    assert "<html" not in fragment
    assert "Invitation sent to grace@example.com." in fragment


def test_a_bad_invite_shows_the_error_in_the_fragment(client):
    team, (owner, plain) = team_with(OWNER, MEMBER)
    url = reverse("teams:invite", kwargs={"slug": team.slug})
    client = signed_in(client, owner)
    fragment = client.post(url, {"invite-email": "nope", "invite-role": MEMBER}, **HTMX)
    assert "Enter a valid email address." in fragment.content.decode()
    fragment = client.post(url, {"invite-email": plain.user.email, "invite-role": MEMBER}, **HTMX)
    assert "is already a member of this team." in fragment.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db(transaction=True)  # the email goes out on commit, inside the request
def test_an_invite_whose_email_cannot_go_out_says_so_politely_and_keeps_nothing(client, settings):
    """With SMTP down the form showed the mail server's own words ("[Errno 111] Connection
    refused") under the email field."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 5},
        }
    }
    team, (owner,) = team_with(OWNER)
    url = reverse("teams:invite", kwargs={"slug": team.slug})
    client = signed_in(client, owner)
    data = {"invite-email": "grace@example.com", "invite-role": MEMBER}
    for extra in ({}, HTMX):
        page = client.post(url, data, **extra).content.decode()
        assert "We could not send the invitation email just now" in page
        assert "Errno" not in page
        assert "refused" not in page
    assert not Invitation.objects.exists()


def test_a_member_who_posts_an_invite_is_refused_with_a_clear_message(client):
    team, (_owner, plain) = team_with(OWNER, MEMBER)
    url = reverse("teams:invite", kwargs={"slug": team.slug})
    client = signed_in(client, plain)
    data = {"invite-email": "x@example.com", "invite-role": MEMBER}
    response = client.post(url, data)
    assert response.status_code == 403
    assert "Only the team&#x27;s owners and admins can do that." in response.content.decode()

    response = client.post(url, data, **HTMX)
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#team-alerts"
    assert 'id="team-alerts"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_inline_role_change_with_htmx_and_without(client):
    team, (owner, plain) = team_with(OWNER, MEMBER)
    url = reverse("teams:role", kwargs={"slug": team.slug, "pk": plain.pk})
    client = signed_in(client, owner)
    response = client.post(url, {"role": ADMIN}, **HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="members"')
    assert Membership.objects.get(pk=plain.pk).role == ADMIN

    response = client.post(url, {"role": MEMBER})
    assert response["Location"] == settings_url(team)
    assert Membership.objects.get(pk=plain.pk).role == MEMBER


def test_the_last_owner_cannot_be_demoted_through_the_page(client):
    team, (owner,) = team_with(OWNER)
    url = reverse("teams:role", kwargs={"slug": team.slug, "pk": owner.pk})
    response = signed_in(client, owner).post(url, {"role": MEMBER}, **HTMX)
    assert response.status_code == 403
    assert "A team needs an owner" in response.content.decode()
    assert Membership.objects.get(pk=owner.pk).role == OWNER


def test_removing_a_member_and_revoking_an_invitation(client):
    team, (owner, plain) = team_with(OWNER, MEMBER)
    invitation, _ = make_invitation(team)
    client = signed_in(client, owner)
    response = client.post(
        reverse("teams:remove", kwargs={"slug": team.slug, "pk": plain.pk}), **HTMX
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(pk=plain.pk).exists()
    response = client.post(
        reverse("teams:revoke", kwargs={"slug": team.slug, "pk": invitation.pk}), **HTMX
    )
    assert "was withdrawn" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_leaving_asks_first_and_the_last_owner_is_told_why_not(client):
    team, (owner, plain) = team_with(OWNER, MEMBER)
    leave = reverse("teams:leave", kwargs={"slug": team.slug})
    page = signed_in(client, plain).get(leave)
    assert "Leave the team" in page.content.decode()
    assert client.post(leave)["Location"] == reverse("teams:home")
    assert not Membership.objects.filter(pk=plain.pk).exists()

    client.force_login(owner.user)
    settings_page = BeautifulSoup(client.get(settings_url(team)).content, "html.parser")
    assert settings_page.select_one(f'a[href="{leave}"]') is None  # not offered, and why
    assert "You are the last owner" in settings_page.select_one("[data-testid=cannot-leave]").text
    page = client.get(leave).content.decode()
    assert "You are the last owner" in page
    response = client.post(leave)
    assert response.status_code == 403
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_the_switcher_keeps_the_chosen_team_in_the_session(client):
    first, (me,) = team_with(OWNER, name="Alpha")
    second, _ = team_with(MEMBER, name="Beta")
    Membership.objects.filter(team=second).update(user=me.user)
    client = signed_in(client, me)
    response = client.post(reverse("teams:switch"), {"team": second.slug, "next": "/"})
    assert response["Location"] == "/"
    assert client.session[SESSION_KEY] == second.pk
    assert client.get(reverse("teams:home"))["Location"] == settings_url(second)
    # The header names the current team and offers the others.
    header = client.get(reverse("accounts:profile")).content.decode()
    assert re.search(r'aria-current="true">\s*<span class="truncate"[^>]*>Beta', header)
    # An outside address in `next` is ignored.
    response = client.post(
        reverse("teams:switch"), {"team": first.slug, "next": "https://evil.example/"}
    )
    assert response["Location"] == settings_url(first)


class TestTeamIsolation:
    """A person in team A can never see or change team B, whatever URL they try."""

    @pytest.fixture
    def teams(self):
        _team_a, (owner_a,) = team_with(OWNER, name="Alpha")
        team_b, (owner_b, member_b) = team_with(OWNER, MEMBER, name="Beta")
        invitation_b, _ = make_invitation(team_b)
        return owner_a, team_b, owner_b, member_b, invitation_b

    def test_pages_and_fragments_of_another_team_are_not_found(self, client, teams):
        owner_a, team_b, _owner_b, member_b, invitation_b = teams
        client = signed_in(client, owner_a)
        slug = team_b.slug
        gets = [settings_url(team_b), reverse("teams:leave", kwargs={"slug": slug})]
        posts = {
            reverse("teams:rename", kwargs={"slug": slug}): {"team-name": "Mine"},
            reverse("teams:invite", kwargs={"slug": slug}): {
                "invite-email": "spy@example.com",
                "invite-role": OWNER,
            },
            reverse("teams:role", kwargs={"slug": slug, "pk": member_b.pk}): {"role": OWNER},
            reverse("teams:remove", kwargs={"slug": slug, "pk": member_b.pk}): {},
            reverse("teams:revoke", kwargs={"slug": slug, "pk": invitation_b.pk}): {},
            reverse("teams:leave", kwargs={"slug": slug}): {},
            reverse("teams:switch"): {"team": slug},
        }
        for url in gets:
            assert client.get(url).status_code == 404, url
            assert client.get(url, **HTMX).status_code == 404, url
        for url, data in posts.items():
            assert client.post(url, data).status_code == 404, url
            assert client.post(url, data, **HTMX).status_code == 404, url
        team_b.refresh_from_db()
        assert team_b.name == "Beta"
        assert Membership.objects.get(pk=member_b.pk).role == MEMBER
        assert not Invitation.objects.filter(email="spy@example.com").exists()
        invitation_b.refresh_from_db()
        assert invitation_b.revoked_at is None
        assert SESSION_KEY not in client.session or client.session[SESSION_KEY] != team_b.pk

    def test_rows_of_another_team_cannot_be_reached_through_ones_own_team(self, client, teams):
        owner_a, _team_b, _owner_b, member_b, invitation_b = teams
        client = signed_in(client, owner_a)
        own = Membership.objects.get(user=owner_a.user).team.slug
        role = reverse("teams:role", kwargs={"slug": own, "pk": member_b.pk})
        remove = reverse("teams:remove", kwargs={"slug": own, "pk": member_b.pk})
        revoke = reverse("teams:revoke", kwargs={"slug": own, "pk": invitation_b.pk})
        assert client.post(role, {"role": OWNER}, **HTMX).status_code == 404
        assert client.post(remove, **HTMX).status_code == 404
        assert client.post(revoke, **HTMX).status_code == 404
        assert Membership.objects.get(pk=member_b.pk).role == MEMBER

    def test_the_header_switcher_lists_only_ones_own_teams(self, client, teams):
        owner_a, *_ = teams
        page = signed_in(client, owner_a).get(reverse("accounts:profile")).content.decode()
        assert "Alpha" in page
        assert "Beta" not in page


class TestInvitationPage:
    def test_a_visitor_sees_the_invitation_and_is_asked_to_sign_in_or_up(self, client):
        team, (owner,) = team_with(OWNER)
        _, token = make_invitation(team, "new@example.com", author=owner.user)
        url = reverse("teams:invitation", kwargs={"token": token})
        page = client.get(url).content.decode()
        assert "Join Acme" in page
        soup: Any = BeautifulSoup(page, "html.parser")
        signup = soup.find("a", string="Create an account")
        path, _, query = signup["href"].partition("?")
        assert path == reverse("account_signup")
        assert parse_qs(query) == {"email": ["new@example.com"], "next": [url]}
        # The sign-up form starts with the invited address filled in.
        form: Any = BeautifulSoup(client.get(signup["href"]).content, "html.parser")
        assert form.find("input", attrs={"name": "email"})["value"] == "new@example.com"
        response = client.post(url)
        assert response["Location"].startswith(reverse("account_login"))

    def test_the_invited_person_accepts_and_lands_in_the_team(self, client):
        team, _ = team_with(OWNER)
        _, token = make_invitation(team, "new@example.com", role=ADMIN)
        newcomer = UserFactory(email="new@example.com")
        client.force_login(newcomer)
        url = reverse("teams:invitation", kwargs={"token": token})
        response = client.post(url)
        assert response["Location"] == settings_url(team)
        assert Membership.objects.get(user=newcomer).role == ADMIN
        assert client.session[SESSION_KEY] == team.pk
        # Used once: the same link now says so.
        again = client.post(url)
        assert again.status_code == 400
        assert "This invitation has already been used." in again.content.decode()

    def test_an_expired_link_is_refused_with_a_clear_message(self, client):
        from datetime import timedelta

        team, _ = team_with(OWNER)
        _, token = make_invitation(team, "new@example.com", expires_in=timedelta(hours=-1))
        client.force_login(UserFactory(email="new@example.com"))
        response = client.post(reverse("teams:invitation", kwargs={"token": token}))
        assert response.status_code == 400
        assert "This invitation has expired. Ask the team for a new one." in (
            response.content.decode()
        )
        assert not Membership.objects.filter(user__email="new@example.com").exists()


def test_inviting_someone_again_says_their_pending_role_changed(client):
    team, (owner,) = team_with(OWNER)
    client = signed_in(client, owner)
    url = reverse("teams:invite", kwargs={"slug": team.slug})
    client.post(url, {"invite-email": "grace@example.com", "invite-role": MEMBER}, **HTMX)
    again = client.post(url, {"invite-email": "Grace@example.com", "invite-role": ADMIN}, **HTMX)
    assert (
        "Invitation sent to grace@example.com again, now as Admin instead of Member; "
        "the earlier link no longer works." in again.content.decode()
    )
    same = client.post(url, {"invite-email": "grace@example.com", "invite-role": ADMIN}, **HTMX)
    assert (
        "Invitation sent to grace@example.com again; the earlier link no longer works."
        in same.content.decode()
    )
