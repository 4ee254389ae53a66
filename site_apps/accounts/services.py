"""Changes to a person's own account that allauth does not make: profile and deletion."""

from __future__ import annotations

from django.db import transaction

from site_apps.accounts.models import User
from site_apps.teams import (
    policy as team_policy,
    selectors as team_selectors,
    services as team_services,
)


def update_profile(user: User, *, first_name: str, last_name: str) -> User:
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    return user


def delete_account(user: User) -> None:
    """Delete the account, refusing (`TeamPermissionDenied`) while it is the only owner of a team
    that others still use; teams only this person belongs to go with it."""
    with transaction.atomic():
        blocking = team_selectors.sole_owner_of_shared_teams(user)
        team_policy.can_delete_account(blocking).require()
        team_services.delete_teams_only_used_by(user)
        user.delete()
