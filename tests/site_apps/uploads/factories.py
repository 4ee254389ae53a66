from __future__ import annotations

import hashlib

import factory

from site_apps.uploads.models import Upload
from tests.site_apps.teams.factories import TeamFactory


class UploadFactory(factory.django.DjangoModelFactory[Upload]):
    """An upload's row (the stored file is not written: tests of storage upload through
    `services.upload_file`)."""

    class Meta:
        model = Upload

    team = factory.SubFactory(TeamFactory)
    original_name = factory.Sequence(lambda n: f"file-{n}.pdf")
    content_type = "application/pdf"
    size = 1024
    sha256 = factory.LazyAttribute(lambda upload: hashlib.sha256(upload.key.encode()).hexdigest())
    key = factory.LazyAttribute(lambda upload: f"teams/{upload.team.pk}/{upload.original_name}")
