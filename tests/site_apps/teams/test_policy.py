"""The permission rules, one by one, without a database: the policy is pure."""

import pytest
from django.db.models import Q

from site_apps.teams import policy
from site_apps.teams.models import Membership, Role

OWNER, ADMIN, MEMBER = Role.OWNER, Role.ADMIN, Role.MEMBER


def member(role: str, pk: int) -> Membership:
    return Membership(pk=pk, team_id=1, user_id=pk, role=role)


@pytest.mark.parametrize(
    ("actor_role", "allowed"), [(OWNER, True), (ADMIN, True), (MEMBER, False), (None, False)]
)
def test_owners_and_admins_manage_members_and_plain_members_do_not(actor_role, allowed):
    actor = member(actor_role, 1) if actor_role else None
    assert bool(policy.can_manage_members(actor)) is allowed
    assert bool(policy.can_invite(actor, MEMBER)) is allowed
    assert bool(policy.can_revoke_invitation(actor)) is allowed
    assert bool(policy.can_rename_team(actor)) is allowed


def test_a_member_is_refused_with_a_reason():
    decision = policy.can_invite(member(MEMBER, 1), MEMBER)
    assert not decision
    assert decision.reason == "Only the team's owners and admins can do that."
    with pytest.raises(policy.TeamPermissionDenied, match="owners and admins"):
        decision.require()


def test_only_owners_hand_out_the_owner_role():
    assert policy.can_invite(member(OWNER, 1), OWNER)
    assert not policy.can_invite(member(ADMIN, 1), OWNER)
    assert policy.invitable_roles(member(OWNER, 1)) == [OWNER, ADMIN, MEMBER]
    assert policy.invitable_roles(member(ADMIN, 1)) == [ADMIN, MEMBER]
    assert policy.invitable_roles(member(MEMBER, 1)) == []


def test_role_changes():
    owner, other_owner, admin, plain = (
        member(OWNER, 1),
        member(OWNER, 2),
        member(ADMIN, 3),
        member(MEMBER, 4),
    )
    assert policy.can_change_role(owner, plain, ADMIN, owner_count=1)
    assert policy.can_change_role(owner, plain, OWNER, owner_count=1)
    assert policy.can_change_role(admin, plain, ADMIN, owner_count=1)
    assert not policy.can_change_role(admin, plain, OWNER, owner_count=1)
    assert not policy.can_change_role(admin, owner, MEMBER, owner_count=2)
    assert not policy.can_change_role(plain, admin, MEMBER, owner_count=1)
    # The last owner cannot be demoted, not even by themselves; with two, one may step down.
    last = policy.can_change_role(owner, owner, ADMIN, owner_count=1)
    assert not last
    assert "needs an owner" in last.reason
    assert policy.can_change_role(owner, other_owner, ADMIN, owner_count=2)


def test_removing_members():
    owner, admin, other_admin, plain = (
        member(OWNER, 1),
        member(ADMIN, 2),
        member(ADMIN, 3),
        member(MEMBER, 4),
    )
    assert policy.can_remove_member(owner, admin, owner_count=1)
    assert policy.can_remove_member(admin, plain, owner_count=1)
    assert policy.can_remove_member(admin, other_admin, owner_count=1)
    assert not policy.can_remove_member(admin, owner, owner_count=2)
    assert not policy.can_remove_member(plain, admin, owner_count=1)
    assert not policy.can_remove_member(member(OWNER, 5), owner, owner_count=1)


def test_leaving():
    assert policy.can_leave(member(MEMBER, 1), owner_count=1)
    assert policy.can_leave(member(OWNER, 1), owner_count=2)
    last = policy.can_leave(member(OWNER, 1), owner_count=1)
    assert not last
    assert "last owner" in last.reason
    assert not policy.can_leave(None, owner_count=1)


def test_deleting_an_account_waits_for_shared_teams_to_get_another_owner():
    assert policy.can_delete_account([])
    refused = policy.can_delete_account(["Acme", "Globex"])
    assert not refused
    assert "Acme, Globex" in refused.reason


def test_admin_scope_is_everything_for_superusers_and_own_teams_for_other_staff():
    class Person:
        def __init__(self, superuser):
            self.is_superuser = superuser

    # A stand-in with only what the rule reads.
    assert policy.admin_team_filter(Person(True)) == Q()  # type: ignore[arg-type]
    staff = Person(False)
    assert policy.admin_team_filter(staff, "team__") == Q(team__memberships__user=staff)  # type: ignore[arg-type]
