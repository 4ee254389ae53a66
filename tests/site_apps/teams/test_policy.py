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


# The table in policy.py's docstring, row by row: (actor, owners) -> the rule it describes,
# acting on others in a team with two owners, an admin and a member.
OTHER_OWNER, OTHER_ADMIN, OTHER_MEMBER = member(OWNER, 11), member(ADMIN, 12), member(MEMBER, 13)
TABLE_RULES = {
    "see the team and its members": lambda actor: policy.can_view_team(actor),
    "rename the team": lambda actor: policy.can_rename_team(actor),
    "invite as member or admin": lambda actor: (
        policy.can_invite(actor, MEMBER) and policy.can_invite(actor, ADMIN)
    ),
    "invite as owner": lambda actor: policy.can_invite(actor, OWNER),
    "revoke an invitation": lambda actor: policy.can_revoke_invitation(actor),
    "change an admin's or a member's role": lambda actor: (
        policy.can_change_role(actor, OTHER_MEMBER, ADMIN, 2)
        and policy.can_change_role(actor, OTHER_ADMIN, MEMBER, 2)
    ),
    "make someone an owner, or change an owner's role": lambda actor: (
        policy.can_change_role(actor, OTHER_MEMBER, OWNER, 2)
        and policy.can_change_role(actor, OTHER_OWNER, ADMIN, 2)
    ),
    "remove an admin or a member": lambda actor: (
        policy.can_remove_member(actor, OTHER_ADMIN, 2)
        and policy.can_remove_member(actor, OTHER_MEMBER, 2)
    ),
    "remove an owner": lambda actor: policy.can_remove_member(actor, OTHER_OWNER, 2),
    "leave the team": lambda actor: policy.can_leave(actor, 2),
    "create, list or revoke API keys": lambda actor: policy.can_manage_api_keys(actor),
    "see the team's API usage": lambda actor: policy.can_view_usage(actor),
    "see the billing page": lambda actor: policy.can_view_team(actor),
    "subscribe, open the billing portal": lambda actor: policy.can_manage_billing(actor),
}


def docstring_table() -> dict[str, dict[str, str]]:
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in (policy.__doc__ or "").splitlines()
        if line.startswith("| ") and not line.startswith("| action")
    ]
    return {
        action: dict(zip((OWNER, ADMIN, MEMBER), answers, strict=True)) for action, *answers in rows
    }


def test_the_permissions_table_in_the_policy_docstring_says_what_the_rules_do():
    table = docstring_table()
    assert set(table) == set(TABLE_RULES), "one rule per row of the table"
    for action, answers in table.items():
        for role, answer in answers.items():
            allowed = bool(TABLE_RULES[action](member(role, 1)))
            assert allowed is answer.startswith("yes"), (action, role)
    # (*): the last owner keeps their role and their team.
    last_owner = member(OWNER, 1)
    assert not policy.can_change_role(last_owner, last_owner, ADMIN, 1)
    assert not policy.can_leave(last_owner, 1)
