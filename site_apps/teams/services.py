"""Every change to teams, memberships and invitations goes through here.

Each service checks the rule in `policy.py` first and refuses with `TeamPermissionDenied`;
requests that make no sense (inviting a member, a used invitation) raise `TeamError` with a
message fit to show. Role changes and removals lock the team row so two owners demoting each
other at once cannot leave a team without an owner.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from site_apps.common.errors import ApplicationError, ProviderError
from site_apps.mail.gateway import LoopsError
from site_apps.teams import plan, policy, selectors
from site_apps.teams.models import Invitation, Membership, Role, Team, hash_token

if TYPE_CHECKING:
    from site_apps.accounts.models import User

logger = logging.getLogger(__name__)

# What a mail backend raises when a message cannot go out (SMTP, the network, Loops).
MAIL_DELIVERY_ERRORS = (smtplib.SMTPException, OSError, LoopsError)


class TeamError(ApplicationError):
    """A request that cannot be carried out; the message says why, fit to show the person.
    The API answers it as a validation error of the whole request (`non_field_errors`)."""

    code = "validation_error"
    as_validation_error = True


class InvitationNotSent(ProviderError):
    """The invitation email could not go out (the mail server or Loops refused or did not
    answer), so no invitation was kept. A 502 `provider_error`: the mail server's own words are
    for the logs, people read `default_message`."""

    default_message = gettext_lazy(
        "We could not send the invitation email just now, so no invitation was made. "
        "Please try again in a moment."
    )


def create_team(user: User, *, name: str) -> Team:
    """A new team with its creator as the first owner."""
    name = name.strip()
    if not name:
        raise TeamError(_("A team needs a name."))
    with transaction.atomic():
        team = Team.objects.create(name=name)
        Membership.objects.create(team=team, user=user, role=Role.OWNER)
    return team


def rename_team(actor: Membership | None, *, team: Team, name: str) -> Team:
    policy.can_rename_team(actor).require()
    name = name.strip()
    if not name:
        raise TeamError(_("A team needs a name."))
    team.name = name
    team.save(update_fields=["name", "updated_at"])
    return team


def invite_member(actor: Membership | None, *, team: Team, email: str, role: str) -> Invitation:
    """Email a single-use link to join the team. Sending again to the same address replaces
    the open invitation. The email goes out once the invitation is committed (never inside the
    transaction); if it cannot be sent, nothing is kept (an invitation it replaced is open
    again, its link working) and `InvitationNotSent` says so."""
    policy.can_invite(actor, role).require()
    email = email.strip().lower()
    if Membership.objects.filter(team=team, user__email__iexact=email).exists():
        raise TeamError(_("%(email)s is already a member of this team.") % {"email": email})
    # Pending invitations hold a seat; one to this address again replaces its own.
    seats = selectors.seats_taken(team, except_invited=email)
    plan.member_room(team, in_use=seats).require()
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            now = timezone.now()
            team.invitations.filter(
                email=email, accepted_at__isnull=True, revoked_at__isnull=True
            ).update(revoked_at=now)
            invitation = Invitation.objects.create(
                team=team,
                email=email,
                role=role,
                token_hash=hash_token(token),
                expires_at=now + timedelta(days=settings.TEAM_INVITATION_DAYS),
                author=actor.user if actor else None,
            )
            transaction.on_commit(
                lambda: send_invitation_email(invitation, token=token), robust=False
            )
    except MAIL_DELIVERY_ERRORS as error:
        # Committed, but its link never left: drop it and give back the one it replaced.
        logger.exception("Invitation email to %s could not be sent", email)
        invitation.delete()
        team.invitations.filter(email=email, revoked_at=now).update(revoked_at=None)
        raise InvitationNotSent(str(error)) from error
    return invitation


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("teams:invitation", kwargs={"token": token})


def send_invitation_email(invitation: Invitation, *, token: str) -> None:
    context = {
        "invitation": invitation,
        "team": invitation.team,
        "inviter": invitation.author,
        "url": invitation_url(token),
        "role": invitation.get_role_display(),
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = " ".join(render_to_string("teams/email/invitation_subject.txt", context).split())
    body = render_to_string("teams/email/invitation_message.txt", context)
    EmailMessage(subject=subject, body=body, to=[invitation.email]).send()


def revoke_invitation(actor: Membership | None, *, invitation: Invitation) -> Invitation:
    policy.can_revoke_invitation(actor).require()
    if actor is None or invitation.team_id != actor.team_id:
        raise policy.TeamPermissionDenied(_("This invitation belongs to another team."))
    if invitation.accepted_at or invitation.revoked_at:
        raise TeamError(_("This invitation is no longer open."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation


def check_invitation(invitation: Invitation | None, *, user: User | None = None) -> Invitation:
    """The invitation if it can be accepted (by this user, when given); `TeamError` saying
    exactly why not otherwise."""
    if invitation is None:
        raise TeamError(_("This invitation link is not valid. Check that you copied all of it."))
    if invitation.accepted_at:
        raise TeamError(_("This invitation has already been used."))
    if invitation.revoked_at:
        raise TeamError(_("This invitation was withdrawn by the team."))
    if invitation.is_expired():
        raise TeamError(_("This invitation has expired. Ask the team for a new one."))
    if user is not None and user.email.lower() != invitation.email.lower():
        raise TeamError(
            _(
                "This invitation was sent to %(invited)s, but you are signed in as %(you)s. "
                "Sign in with the invited address to accept it."
            )
            % {"invited": invitation.email, "you": user.email}
        )
    return invitation


def accept_invitation(user: User, *, token: str) -> Membership:
    """Join the team with the invited role. The invitation is used up in the same UPDATE that
    checks it is still open, so a link can never be used twice, even by two requests at once."""
    invitation = check_invitation(selectors.invitation_for_token(token), user=user)
    with transaction.atomic():
        now = timezone.now()
        claimed = (
            Invitation.objects.filter(pk=invitation.pk)
            .pending(now)
            .update(accepted_at=now, accepted_by=user, updated_at=now)
        )
        if not claimed:
            raise TeamError(_("This invitation has already been used."))
        # The team may have downgraded since the invitation went out.
        members = Membership.objects.filter(team=invitation.team).count()
        plan.member_room(invitation.team, in_use=members).require()
        membership, created = Membership.objects.get_or_create(
            team=invitation.team, user=user, defaults={"role": invitation.role}
        )
    if not created:
        logger.info("%s accepted an invitation to %s as a member already", user, membership.team)
    return membership


def _locked_owner_count(team: Team) -> int:
    Team.objects.select_for_update().filter(pk=team.pk).first()
    return selectors.owner_count(team)


def change_role(actor: Membership | None, *, target: Membership, new_role: str) -> Membership:
    if new_role not in Role.values:
        raise TeamError(_("Choose one of the roles offered."))
    with transaction.atomic():
        owners = _locked_owner_count(target.team)
        target.refresh_from_db(fields=["role"])
        policy.can_change_role(actor, target, new_role, owners).require()
        target.role = new_role
        target.save(update_fields=["role", "updated_at"])
    return target


def remove_member(actor: Membership | None, *, target: Membership) -> None:
    with transaction.atomic():
        owners = _locked_owner_count(target.team)
        target.refresh_from_db(fields=["role"])
        policy.can_remove_member(actor, target, owners).require()
        target.delete()


def leave_team(member: Membership) -> None:
    with transaction.atomic():
        owners = _locked_owner_count(member.team)
        member.refresh_from_db(fields=["role"])
        policy.can_leave(member, owners).require()
        member.delete()


def delete_teams_only_used_by(user: User) -> int:
    """Before an account goes: delete the teams where this person is the only member (their
    owner-less leftovers would help nobody). Returns how many were deleted."""
    solo = list(selectors.teams_only_used_by(user).values_list("pk", flat=True))
    Team.objects.filter(pk__in=solo).delete()
    return len(solo)
