"""Who may do what in a team: every permission rule, in one place.

Views decide which controls to show with these functions, services refuse forbidden writes
with them, and the Wagtail admin scopes its listings with `admin_team_filter`. The functions
are pure (no queries): callers pass the memberships and the number of owners they already have.

| action                                           | owner | admin | member |
|--------------------------------------------------|-------|-------|--------|
| see the team and its members                     | yes   | yes   | yes    |
| rename the team                                  | yes   | yes   | no     |
| invite as member or admin                        | yes   | yes   | no     |
| invite as owner                                  | yes   | no    | no     |
| revoke an invitation                             | yes   | yes   | no     |
| change an admin's or a member's role             | yes   | yes   | no     |
| make someone an owner, or change an owner's role | yes*  | no    | no     |
| remove an admin or a member                      | yes   | yes   | no     |
| remove an owner                                  | yes   | no    | no     |
| leave the team                                   | yes*  | yes   | yes    |
| create, list or revoke API keys                  | yes   | yes   | no     |
| see the team's API usage                         | yes   | yes   | yes    |
| see the billing page                             | yes   | yes   | yes    |
| subscribe, open the billing portal               | yes   | yes   | no     |

(*) Except the last owner's own role and membership: a team always keeps an owner, so the
last one makes someone else an owner before stepping down or leaving.
`tests/site_apps/teams/test_policy.py` checks this table against the functions below.

A team API key acts with the member role (`API_KEY_ROLE`): it reads what a member reads and
changes nothing a member could not; keys never make or revoke keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from site_apps.common.errors import ApplicationError
from site_apps.common.users import Caller
from site_apps.teams.models import Membership, Role


class TeamPermissionDenied(ApplicationError):
    """A refused action; its message says why, in words fit to show the person."""

    code = "permission_denied"
    http_status = 403


@dataclass(frozen=True)
class Decision:
    """Allowed or not, and why not."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        """Raise `TeamPermissionDenied` with the reason when the action is not allowed."""
        if not self.allowed:
            raise TeamPermissionDenied(self.reason)


ALLOW = Decision(True)
MANAGERS = frozenset({Role.OWNER, Role.ADMIN})


def deny(reason: Any) -> Decision:
    return Decision(False, str(reason))


# What a request authenticated by a team API key may do in its team.
API_KEY_ROLE = Role.MEMBER


def can_view_team(actor: Membership | None) -> Decision:
    if actor is None:
        return deny(_("You are not a member of this team."))
    return ALLOW


def can_manage_members(actor: Membership | None) -> Decision:
    """Owners and admins run the team's membership; plain members only see it."""
    if actor is None:
        return deny(_("You are not a member of this team."))
    if actor.role not in MANAGERS:
        return deny(_("Only the team's owners and admins can do that."))
    return ALLOW


def can_rename_team(actor: Membership | None) -> Decision:
    return can_manage_members(actor)


def can_invite(actor: Membership | None, role: str = Role.MEMBER) -> Decision:
    if not (decision := can_manage_members(actor)):
        return decision
    assert actor is not None
    if role == Role.OWNER and actor.role != Role.OWNER:
        return deny(_("Only an owner can invite another owner."))
    return ALLOW


def can_revoke_invitation(actor: Membership | None) -> Decision:
    return can_manage_members(actor)


def can_manage_api_keys(actor: Membership | None, *, by_api_key: bool = False) -> Decision:
    if by_api_key:
        return deny(_("An API key cannot create or revoke API keys: sign in as a person."))
    if not (decision := can_manage_members(actor)):
        if actor is None:
            return decision
        return deny(_("Only the team's owners and admins can create or revoke API keys."))
    return ALLOW


def can_view_usage(actor: Membership | None) -> Decision:
    return can_view_team(actor)


def invitable_roles(actor: Membership | None) -> list[str]:
    """The roles this person may hand out in an invitation or a role change."""
    return [role for role in Role.values if can_invite(actor, role)]


def can_change_role(
    actor: Membership | None, target: Membership, new_role: str, owner_count: int
) -> Decision:
    if not (decision := can_manage_members(actor)):
        return decision
    assert actor is not None
    if actor.role != Role.OWNER and (target.role == Role.OWNER or new_role == Role.OWNER):
        return deny(_("Only an owner can change an owner's role or make someone an owner."))
    if target.role == Role.OWNER and new_role != Role.OWNER and owner_count <= 1:
        return deny(_("A team needs an owner: make someone else an owner first."))
    return ALLOW


def can_remove_member(actor: Membership | None, target: Membership, owner_count: int) -> Decision:
    if actor is not None and actor.pk == target.pk:
        return can_leave(actor, owner_count)
    if not (decision := can_manage_members(actor)):
        return decision
    assert actor is not None
    if target.role == Role.OWNER and actor.role != Role.OWNER:
        return deny(_("Only an owner can remove an owner."))
    if target.role == Role.OWNER and owner_count <= 1:
        return deny(_("A team needs an owner: make someone else an owner first."))
    return ALLOW


def can_leave(actor: Membership | None, owner_count: int) -> Decision:
    if actor is None:
        return deny(_("You are not a member of this team."))
    if actor.role == Role.OWNER and owner_count <= 1:
        return deny(
            _("You are the last owner: make someone else an owner before you leave the team.")
        )
    return ALLOW


def can_delete_account(sole_owner_of_shared_teams: list[str]) -> Decision:
    """An account may go unless it is the only owner of a team that others still use."""
    if sole_owner_of_shared_teams:
        return deny(
            _(
                "You are the only owner of %(teams)s. Make another member an owner, or remove "
                "the other members, first."
            )
            % {"teams": ", ".join(sole_owner_of_shared_teams)}
        )
    return ALLOW


def can_manage_billing(actor: Membership | None) -> Decision:
    """Owners and admins subscribe the team and manage its payment; members see the plan."""
    if actor is None:
        return deny(_("You are not a member of this team."))
    if actor.role not in MANAGERS:
        return deny(_("Only the team's owners and admins can manage its subscription."))
    return ALLOW


def admin_team_filter(user: Caller, team_path: str = "") -> Q:
    """Which rows of the teams models a staff user sees in the Wagtail admin: superusers see
    every team; other staff (given view permissions) only the teams they belong to.
    `team_path` leads from the listed model to its team, e.g. "team__"."""
    if user.is_superuser:
        return Q()
    return Q(**{f"{team_path}memberships__user": user})
