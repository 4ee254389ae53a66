"""Uploading and deleting a team's files.

The order keeps storage and database in step without a transaction around the outside call:
check everything that can be checked first (rules, plan, type, size), write the object, then
the row; if the row fails the object is deleted again. Deleting goes the other way: the row
goes first, the objects after the commit. Whatever is still left over after a crash or an
outage (an object without its row) is found by `tasks.clean_up_strays`.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from site_apps.billing import entitlements
from site_apps.billing.plans import PLANS, size_display
from site_apps.teams.models import Membership
from site_apps.uploads import gateway, policy, selectors
from site_apps.uploads.inspection import FileTooLarge, UploadRefused, inspect
from site_apps.uploads.models import Upload

if TYPE_CHECKING:
    from site_apps.accounts.models import User

logger = logging.getLogger("uploads")

KEY_PREFIX = "teams/"


def max_file_size(actor: Membership) -> int:
    """Bytes one file may have on the team's plan."""
    return entitlements.plan_of(actor.team).upload_max_file


def upload_file(
    actor: Membership, *, file: IO[bytes], name: str, user: User | None = None
) -> Upload:
    """Store one file for the actor's team, uploaded by `user` (none for an API key). Raises
    `TeamPermissionDenied`, `PlanLimitReached`, `UploadRefused` or `StorageUnavailable`, each
    with its reason."""
    policy.can_use_files(actor).require()
    team = actor.team
    entitlements.team_can(team, "uploads").require()
    name = (name or "file").replace("\\", "/").rsplit("/", 1)[-1][:255] or "file"
    limit = max_file_size(actor)
    data = file.read(limit + 1)
    if len(data) > limit:
        reason = _("“%(name)s” is larger than the %(limit)s per file your team's plan allows.") % {
            "name": name,
            "limit": size_display(limit),
        }
        if any(plan.upload_max_file > limit for plan in PLANS.values()):
            reason += " " + _("Upgrade the team's plan on its billing page to get more.")
        raise FileTooLarge(reason)
    inspected = inspect(data, name)
    entitlements.team_can(
        team, "upload_storage", in_use=selectors.stored_bytes(team), adding=len(data)
    ).require()

    key = f"{KEY_PREFIX}{team.pk}/{uuid.uuid4().hex}.{inspected.extension}"
    gateway.put(key, data, content_type=inspected.content_type)
    try:
        with transaction.atomic():
            upload = Upload.objects.create(
                team=team,
                author=user,
                original_name=name,
                content_type=inspected.content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                width=inspected.width,
                height=inspected.height,
                key=key,
            )
    except BaseException:
        remove_objects([key])
        raise
    if upload.is_image:
        # imported here: tasks.py imports this module
        from site_apps.uploads.tasks import make_variants

        upload_id = upload.pk
        transaction.on_commit(lambda: make_variants.enqueue(upload_id))
    return upload


def delete_upload(actor: Membership, *, upload: Upload) -> None:
    """Delete the row, then (after the commit) its objects."""
    policy.can_delete(actor, uploader_id=upload.author_id).require()
    keys = upload.keys()
    upload.delete()
    transaction.on_commit(lambda: remove_objects(keys))


def remove_objects(keys: list[str]) -> None:
    """Best effort: an object we fail to delete now is a stray the cleanup task removes."""
    for key in keys:
        try:
            gateway.delete(key)
        except gateway.StorageUnavailable:
            logger.warning("upload object left for the cleanup task: %s", key)


def download_link(actor: Membership, *, upload: Upload, variant: str = "") -> gateway.DownloadLink:
    """A short-lived link to the file (or one of its generated images) after the check."""
    policy.can_use_files(actor).require()
    if variant:
        key = upload.variants.get(variant)
        if not isinstance(key, str):
            raise UploadRefused(_("This image has no such version yet."))
        return gateway.download_link(
            key, filename=upload.original_name, content_type="image/webp", inline=True
        )
    # The original always downloads (attachment, nosniff): it never renders on our domain.
    return gateway.download_link(
        upload.key, filename=upload.original_name, content_type=upload.content_type
    )
