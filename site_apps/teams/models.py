"""Teams: the customers of the site. People act as members of a team, and a team (not a person)
will own subscriptions and API keys. The rules about who may do what live in `policy.py`."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import ClassVar, cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from site_apps.common.models import (
    Annotatable,
    Authorable,
    Expirable,
    ExpirableQuerySet,
    Permalinkable,
    Timestampable,
)


class Role(models.TextChoices):
    """Ordered from most to least powerful; `policy.py` says what each may do."""

    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


class Team(Timestampable, Permalinkable, Annotatable):
    """A group of people acting together. Owners are the members with the owner role (a team
    may have several); there is no separate owner field to drift out of step with them."""

    name = models.CharField(_("name"), max_length=80)

    url_name: ClassVar[str] = "teams:settings"

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Membership(Timestampable):
    """A person's place in a team, with one role."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["team", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="teams_one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.team} ({self.get_role_display()})"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


def hash_token(token: str) -> str:
    """Only this digest is stored: a leaked database row cannot be turned back into a link."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(ExpirableQuerySet):
    def pending(self, at: datetime | None = None) -> InvitationQuerySet:
        """Neither accepted nor revoked, and not expired: the ones that can still be used."""
        open_ones = self.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        return cast(InvitationQuerySet, open_ones.unexpired(at))


class Invitation(Timestampable, Expirable, Authorable):
    """An emailed offer to join a team with a role; used once, and only before it expires.

    The link carries a random token; the database keeps only its SHA-256 (`token_hash`).
    `author` is who sent it.
    """

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(_("token digest"), max_length=64, unique=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_invitations",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One open invitation per address and team: sending again replaces the old one.
            models.UniqueConstraint(
                fields=["team", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="teams_one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.team}"

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.is_expired(timezone.now()):
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)
