"""Making and revoking team API keys: the API, the admin and the `issue_api_key` command all
come here. The secret exists only in what `issue_key` returns; the database keeps its digest.
Each revocation is logged as a security event (`security.api_keys`), whoever revoked it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import structlog
from django.utils import timezone
from django.utils.translation import gettext as _

from site_apps.api import selectors
from site_apps.api.models import TeamAPIKey
from site_apps.billing import entitlements
from site_apps.teams.models import Team
from site_apps.teams.services import TeamError

if TYPE_CHECKING:
    from site_apps.accounts.models import User

security_log = structlog.get_logger("security.api_keys")


def issue_key(
    actor: User | None, *, team: Team, name: str, expires_at: datetime | None = None
) -> tuple[TeamAPIKey, str]:
    """A new key for the team, made by `actor` (none from the command line), and its secret
    (shown once, never stored). A team at its plan's number of active keys gets
    `PlanLimitReached` (revoked and expired keys do not count)."""
    name = name.strip()
    if not name:
        raise TeamError(_("An API key needs a name."))
    if expires_at is not None and expires_at <= timezone.now():
        raise TeamError(_("The expiry must be in the future."))
    entitlements.team_can(team, "api_keys", in_use=selectors.active_key_count(team)).require()
    key, secret = TeamAPIKey.objects.create_key(
        team=team, name=name[:50], created_by=actor, expiry_date=expires_at
    )
    return key, secret  # type: ignore[return-value]


def revoke_key(actor: User | None, *, key: TeamAPIKey) -> TeamAPIKey:
    """Revoked for good: requests with it get 401 from now on (it stays listed). `actor` is
    the person who revoked it (none from the command line), named in the security log."""
    if not key.revoked:
        key.revoked = True
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked", "revoked_at"])
        security_log.info(
            "api_key_revoked",
            prefix=key.prefix,
            team_id=key.team_id,
            revoked_by=actor.pk if actor is not None else None,
        )
    return key
