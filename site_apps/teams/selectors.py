"""Reads of teams shared by views, the header's team switcher and (later) the API.

Each returns its rows in a fixed number of queries whatever the team's size.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from site_apps.common.users import Caller, Person
from site_apps.teams.models import Invitation, Membership, Role, Team, hash_token


def memberships_of(user: Caller) -> QuerySet[Membership]:
    """A person's teams (through their memberships), in name order: one query (none for an
    anonymous visitor or an API key)."""
    if isinstance(user, AnonymousUser):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("team").order_by("team__name")


def membership_in(user: Caller, slug: str) -> Membership | None:
    """The person's membership in the team with this slug, or None: the one way views reach a
    team, so a team the person does not belong to is as good as absent."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, team__slug=slug).select_related("team").first()


def team_members(team: Team) -> list[Membership]:
    """Members with their users, owners first, then admins, then members: one query."""
    order = {Role.OWNER: 0, Role.ADMIN: 1, Role.MEMBER: 2}
    members = list(Membership.objects.filter(team=team).select_related("user"))
    members.sort(key=lambda m: (order.get(Role(m.role), 9), m.user.email))
    return members


def owner_count(team: Team) -> int:
    return Membership.objects.filter(team=team, role=Role.OWNER).count()


def seats_taken(team: Team, *, except_invited: str = "") -> int:
    """Members plus pending invitations (each holds a seat until it is used or withdrawn),
    leaving out an open invitation to `except_invited`: what the plan's `members` counts.
    Two queries."""
    pending = team.invitations.pending()
    if except_invited:
        pending = pending.exclude(email__iexact=except_invited)
    return Membership.objects.filter(team=team).count() + pending.count()


def pending_invitations(team: Team) -> QuerySet[Invitation]:
    """Invitations that can still be accepted, newest first, with who sent them: one query."""
    return team.invitations.pending().select_related("author").order_by("-created_at")


def pending_invitation_to(team: Team, email: str) -> Invitation | None:
    """The open invitation a new one to this address would replace (to say what changes)."""
    return pending_invitations(team).filter(email=email.strip().lower()).first()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token stands for (matched by its digest), whatever its state."""
    if not token:
        return None
    return (
        Invitation.objects.filter(token_hash=hash_token(token))
        .select_related("team", "author")
        .first()
    )


def sole_owner_of_shared_teams(user: Person) -> list[str]:
    """Names of the teams that would be left without an owner but with members if this person
    went: these block deleting the account. One query."""
    owned = Membership.objects.filter(user=user, role=Role.OWNER).values("team")
    teams = Team.objects.filter(pk__in=owned).annotate(
        owners=Count("memberships", filter=Q(memberships__role=Role.OWNER)),
        members=Count("memberships"),
    )
    return [team.name for team in teams if team.owners == 1 and team.members > 1]


def teams_only_used_by(user: Person) -> QuerySet[Team]:
    """Teams this person is the only member of (they go when the account goes)."""
    return Team.objects.filter(memberships__user=user).exclude(
        pk__in=Membership.objects.exclude(user=user).values("team")
    )
