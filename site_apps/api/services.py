"""Making and revoking team API keys: the API, the admin and the `issue_api_key` command all
come here. The secret exists only in what `issue_key` returns; the database keeps its digest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from site_apps.api import selectors
from site_apps.api.models import TeamAPIKey
from site_apps.billing import entitlements
from site_apps.teams.models import Team
from site_apps.teams.services import TeamError


def issue_key(
    team: Team, *, name: str, created_by: Any = None, expires_at: datetime | None = None
) -> tuple[TeamAPIKey, str]:
    """A new key for the team, and its secret (shown once, never stored). A team at its plan's
    number of active keys gets `PlanLimitReached` (revoked and expired keys do not count)."""
    name = name.strip()
    if not name:
        raise TeamError(_("An API key needs a name."))
    if expires_at is not None and expires_at <= timezone.now():
        raise TeamError(_("The expiry must be in the future."))
    entitlements.team_can(team, "api_keys", in_use=selectors.active_key_count(team)).require()
    key, secret = TeamAPIKey.objects.create_key(
        team=team, name=name[:50], created_by=created_by, expiry_date=expires_at
    )
    return key, secret  # type: ignore[return-value]


def revoke_key(key: TeamAPIKey) -> TeamAPIKey:
    """Revoked for good: requests with it get 401 from now on (it stays listed)."""
    if not key.revoked:
        key.revoked = True
        key.save(update_fields=["revoked", "revoked_at"])
    return key
