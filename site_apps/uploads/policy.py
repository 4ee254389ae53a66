"""Who may do what with a team's files (pure rules, like site_apps/teams/policy.py).

| action                      | owner | admin | member        |
|-----------------------------|-------|-------|---------------|
| list, upload, download      | yes   | yes   | yes           |
| delete                      | any   | any   | their own     |

A team API key acts as a member (`API_KEY_ROLE`) without a person: it may list, upload and
download, and delete only what it uploaded itself (nothing, as it has no person).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from site_apps.teams.models import Membership
from site_apps.teams.policy import ALLOW, MANAGERS, Decision, deny


def can_use_files(actor: Membership | None) -> Decision:
    if actor is None:
        return deny(_("You are not a member of this team."))
    return ALLOW


def can_delete(actor: Membership | None, *, uploader_id: Any) -> Decision:
    if actor is None:
        return deny(_("You are not a member of this team."))
    if actor.role in MANAGERS:
        return ALLOW
    if uploader_id is not None and actor.user_id == uploader_id:
        return ALLOW
    return deny(_("Only the team's owners and admins can delete files other people uploaded."))
