"""A team's uploaded file: what it is (sniffed from its bytes), where it lives, who sent it.

The bytes live in the "uploads" storage (private: see gateway.py); a row exists only for an
object that was written first, and the cleanup task finds any object left without its row.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from site_apps.common.models import Annotatable, Authorable, AuthorableQuerySet, Timestampable
from site_apps.teams.models import Team


class UploadQuerySet(AuthorableQuerySet):
    def of_team(self, team: Team) -> UploadQuerySet:
        return self.filter(team=team)


# The short names the files list shows for the types uploads accept (inspection.sniff).
TYPE_LABELS = {
    "text/plain": "TXT",
    "text/csv": "CSV",
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "image/gif": "GIF",
}


class Upload(Timestampable, Authorable, Annotatable):
    """One file a team member uploaded. `author` (Authorable) is the uploader."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="uploads")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # The object's name in the uploads storage.
    key = models.CharField(max_length=255, unique=True)
    # Generated images (site_apps/uploads/tasks.py): {"thumbnail": key, "web": key, ...}.
    variants = models.JSONField(default=dict, blank=True)
    metadata = models.JSONField(default=dict, blank=True)

    objects = UploadQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("upload")

    def __str__(self) -> str:
        return self.original_name

    @property
    def uploader(self) -> Any:
        return self.author

    @property
    def type_label(self) -> str:
        """The file's kind as people name it (TXT, CSV, PDF, PNG): the content type's own
        subtype read "PLAIN" for a text file."""
        return TYPE_LABELS.get(self.content_type, self.content_type.rpartition("/")[2].upper())

    @property
    def is_image(self) -> bool:
        return self.width is not None

    def keys(self) -> list[str]:
        """Every object this row owns in the uploads storage."""
        return [self.key, *(k for k in self.variants.values() if isinstance(k, str))]
