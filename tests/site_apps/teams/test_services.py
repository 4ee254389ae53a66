"""Every write on teams, and every refusal, through the services the views and API share."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from site_apps.accounts import services as account_services
from site_apps.accounts.models import User
from site_apps.teams import selectors, services
from site_apps.teams.models import Invitation, Membership, Role, Team
from site_apps.teams.policy import TeamPermissionDenied
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.teams.factories import MembershipFactory, make_invitation, team_with

pytestmark = pytest.mark.django_db

OWNER, ADMIN, MEMBER = Role.OWNER, Role.ADMIN, Role.MEMBER


def test_create_team_makes_its_creator_the_owner_with_a_unique_slug():
    ada = UserFactory()
    first = services.create_team(ada, name="  Acme  ")
    second = services.create_team(UserFactory(), name="Acme")
    assert first.name == "Acme"
    assert (first.slug, second.slug) == ("acme", "acme-2")
    assert Membership.objects.get(team=first).user == ada
    assert Membership.objects.get(team=first).role == OWNER
    with pytest.raises(services.TeamError, match="needs a name"):
        services.create_team(ada, name="   ")


def test_owners_and_admins_invite_by_email_and_the_link_works_once(
    django_capture_on_commit_callbacks,
):
    team, (owner,) = team_with(OWNER)
    with django_capture_on_commit_callbacks(execute=True) as sent_after_commit:
        invitation = services.invite_member(
            owner, team=team, email=" Grace@Example.com ", role=ADMIN
        )
        assert mail.outbox == [], "the email waits for the commit"
    assert len(sent_after_commit) == 1
    assert invitation.email == "grace@example.com"
    assert invitation.author == owner.user
    assert invitation.created_at is not None
    assert invitation.expires_at is not None
    assert invitation.expires_at > invitation.created_at + timedelta(days=6)

    (message,) = mail.outbox
    assert message.to == ["grace@example.com"]
    assert "Acme" in message.subject
    token = re.search(r"/teams/join/([\w-]+)/", str(message.body)).group(1)
    # The database keeps only a digest of the token: a leaked row is not a working link.
    assert token not in invitation.token_hash
    with connection.cursor() as cursor:
        cursor.execute("SELECT token_hash FROM teams_invitation")
        assert all(token not in row[0] for row in cursor.fetchall())

    grace = UserFactory(email="grace@example.com")
    membership = services.accept_invitation(grace, token=token)
    assert (membership.team, membership.role) == (team, ADMIN)
    invitation.refresh_from_db()
    assert invitation.accepted_by == grace
    with pytest.raises(services.TeamError, match="already been used"):
        services.accept_invitation(grace, token=token)


def test_a_member_cannot_invite_and_an_admin_cannot_invite_an_owner():
    team, (_owner, admin, plain) = team_with(OWNER, ADMIN, MEMBER)
    with pytest.raises(TeamPermissionDenied, match="owners and admins"):
        services.invite_member(plain, team=team, email="x@example.com", role=MEMBER)
    with pytest.raises(TeamPermissionDenied, match="Only an owner can invite another owner"):
        services.invite_member(admin, team=team, email="x@example.com", role=OWNER)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_inviting_a_member_again_is_refused_and_a_second_invite_replaces_the_first():
    team, (owner, plain) = team_with(OWNER, MEMBER)
    with pytest.raises(services.TeamError, match="already a member"):
        services.invite_member(owner, team=team, email=plain.user.email.upper(), role=MEMBER)
    first = services.invite_member(owner, team=team, email="new@example.com", role=MEMBER)
    second = services.invite_member(owner, team=team, email="new@example.com", role=ADMIN)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(selectors.pending_invitations(team)) == [second]


def test_expired_revoked_unknown_and_misaddressed_invitations_are_refused_clearly():
    team, (owner,) = team_with(OWNER)
    invitee = UserFactory(email="invitee@example.com")
    _, expired = make_invitation(team, expires_in=timedelta(seconds=-1))
    with pytest.raises(services.TeamError, match="This invitation has expired"):
        services.accept_invitation(invitee, token=expired)

    revoked_invitation, revoked = make_invitation(team, "other@example.com")
    services.revoke_invitation(owner, invitation=revoked_invitation)
    with pytest.raises(services.TeamError, match="withdrawn"):
        services.accept_invitation(UserFactory(email="other@example.com"), token=revoked)

    with pytest.raises(services.TeamError, match="not valid"):
        services.accept_invitation(invitee, token="x" * 43)

    _, for_someone_else = make_invitation(team, "someone@example.com")
    with pytest.raises(services.TeamError, match=r"sent to someone@example\.com"):
        services.accept_invitation(invitee, token=for_someone_else)
    assert not Membership.objects.filter(user=invitee).exists()


def test_a_member_cannot_revoke_and_another_teams_invitation_cannot_be_revoked():
    team, (_owner, plain) = team_with(OWNER, MEMBER)
    _other_team, (other_owner,) = team_with(OWNER, name="Globex")
    invitation, _ = make_invitation(team)
    with pytest.raises(TeamPermissionDenied):
        services.revoke_invitation(plain, invitation=invitation)
    with pytest.raises(TeamPermissionDenied, match="another team"):
        services.revoke_invitation(other_owner, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_role_changes_and_the_last_owner_rule():
    team, (owner, admin, plain) = team_with(OWNER, ADMIN, MEMBER)
    services.change_role(admin, target=plain, new_role=ADMIN)
    assert Membership.objects.get(pk=plain.pk).role == ADMIN
    with pytest.raises(TeamPermissionDenied, match="Only an owner"):
        services.change_role(admin, target=owner, new_role=MEMBER)
    with pytest.raises(TeamPermissionDenied, match="needs an owner"):
        services.change_role(owner, target=owner, new_role=ADMIN)
    with pytest.raises(services.TeamError, match="roles offered"):
        services.change_role(owner, target=plain, new_role="emperor")
    services.change_role(owner, target=admin, new_role=OWNER)
    services.change_role(owner, target=owner, new_role=MEMBER)  # another owner exists now
    assert selectors.owner_count(team) == 1


def test_removing_and_leaving():
    team, (owner, admin, plain, other) = team_with(OWNER, ADMIN, MEMBER, MEMBER)
    with pytest.raises(TeamPermissionDenied):
        services.remove_member(plain, target=other)
    services.remove_member(admin, target=other)
    assert not Membership.objects.filter(pk=other.pk).exists()
    services.leave_team(plain)
    with pytest.raises(TeamPermissionDenied, match="last owner"):
        services.leave_team(owner)
    with pytest.raises(TeamPermissionDenied, match="Only an owner can remove an owner"):
        services.remove_member(admin, target=owner)
    remaining = Membership.objects.filter(team=team)
    assert sorted(remaining.values_list("pk", flat=True)) == sorted([owner.pk, admin.pk])


def test_account_deletion_waits_while_the_person_is_the_only_owner_of_a_shared_team():
    shared, (owner, _colleague) = team_with(OWNER, MEMBER)
    solo = services.create_team(owner.user, name="Just me")
    with pytest.raises(TeamPermissionDenied, match="only owner of Acme"):
        account_services.delete_account(owner.user)
    assert User.objects.filter(pk=owner.user.pk).exists()

    # Once someone else owns the shared team, the account (and the team only it used) can go.
    MembershipFactory(team=shared, role=OWNER)
    account_services.delete_account(owner.user)
    assert not User.objects.filter(pk=owner.user_id).exists()
    assert not Team.objects.filter(pk=solo.pk).exists()
    assert Team.objects.filter(pk=shared.pk).exists()
