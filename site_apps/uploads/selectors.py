"""Reads the files page and the API share."""

from __future__ import annotations

from django.db.models import Sum

from site_apps.teams.models import Team
from site_apps.uploads.models import Upload, UploadQuerySet


def team_uploads(team: Team) -> UploadQuerySet:
    return Upload.objects.of_team(team).select_related("author")


def stored_bytes(team: Team) -> int:
    """Bytes the team's files take (originals; generated images are on us)."""
    total = Upload.objects.of_team(team).aggregate(total=Sum("size"))["total"]
    return int(total or 0)


def upload_in_team(team: Team, pk: int) -> Upload | None:
    return team_uploads(team).filter(pk=pk).first()
