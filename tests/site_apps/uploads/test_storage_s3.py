"""Uploads against moto's S3 server over HTTP: the whole life of a file, and failures."""

from __future__ import annotations

import io
import socket
import urllib.request
from datetime import timedelta
from email.message import Message

import pytest
from django.db.models.signals import pre_save
from django.utils import timezone
from PIL import Image

from site_apps.teams.models import Role
from site_apps.uploads import gateway, services
from site_apps.uploads.models import Upload
from site_apps.uploads.tasks import find_and_remove_strays
from tests.site_apps.teams.factories import team_with
from tests.site_apps.uploads.conftest import (
    BUCKET,
    bucket_keys,
    photo_with_exif,
    s3_storage_settings,
)

pytestmark = pytest.mark.django_db


def fetch(url: str) -> tuple[bytes, Message]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our moto server
        return response.read(), response.headers


def test_upload_transform_presigned_download_and_delete(
    s3, django_capture_on_commit_callbacks
) -> None:
    _team, (member,) = team_with(Role.MEMBER)
    data = photo_with_exif(60, 40)
    with django_capture_on_commit_callbacks(execute=True):
        upload = services.upload_file(
            member, file=io.BytesIO(data), name="holiday.png", user=member.user
        )
    upload.refresh_from_db()
    assert upload.content_type == "image/jpeg"  # sniffed, not the ".png" it was called
    assert (upload.width, upload.height, upload.size) == (60, 40, len(data))
    assert upload.author == member.user
    assert {"thumbnail", "web"} <= set(upload.variants)
    assert len(bucket_keys(s3)) == 1 + len(upload.variants)
    assert all(key.startswith("uploads/teams/") for key in bucket_keys(s3))

    link = services.download_link(member, upload=upload)
    assert "X-Amz-Signature" in link.url
    assert "X-Amz-Expires=300" in link.url
    body, headers = fetch(link.url)
    assert body == data
    assert headers["Content-Disposition"].startswith("attachment;")
    assert headers["Content-Type"] == "application/octet-stream"

    thumb, headers = fetch(services.download_link(member, upload=upload, variant="thumbnail").url)
    assert headers["Content-Type"] == "image/webp"
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.format == "WEBP"
        assert image.size == (40, 60)  # orientation applied: shown portrait
        assert not image.getexif()  # no EXIF, so no GPS position either
        assert "exif" not in image.info

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_upload(member, upload=upload)
    assert not Upload.objects.exists()
    assert bucket_keys(s3) == []


def test_failed_row_save_leaves_no_object(s3) -> None:
    _team, (member,) = team_with(Role.MEMBER)

    def database_refuses(**kwargs):
        raise RuntimeError("database refused the row")

    pre_save.connect(database_refuses, sender=Upload, dispatch_uid="refuse")
    try:
        with pytest.raises(RuntimeError):
            services.upload_file(member, file=io.BytesIO(b"a,b\n1,2\n"), name="t.csv")
    finally:
        pre_save.disconnect(dispatch_uid="refuse", sender=Upload)
    assert bucket_keys(s3) == []
    assert not Upload.objects.exists()


def test_s3_unreachable_gives_a_clear_message_and_no_row(settings, s3_server) -> None:
    closed = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.STORAGES = settings.STORAGES | {"uploads": s3_storage_settings(closed)}
    _team, (member,) = team_with(Role.MEMBER)
    with pytest.raises(gateway.StorageUnavailable, match="not answering"):
        services.upload_file(member, file=io.BytesIO(b"hello"), name="a.txt")
    assert not Upload.objects.exists()


def test_s3_that_never_answers_times_out_with_the_same_message(settings, s3_server) -> None:
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings.STORAGES = settings.STORAGES | {
            "uploads": s3_storage_settings(endpoint, read_timeout=0.5)
        }
        _team, (member,) = team_with(Role.MEMBER)
        with pytest.raises(gateway.StorageUnavailable, match="nothing was saved"):
            services.upload_file(member, file=io.BytesIO(b"hello"), name="a.txt")
    assert not Upload.objects.exists()


def test_cleanup_finds_objects_without_rows_and_rows_without_objects(s3) -> None:
    _team, (member,) = team_with(Role.MEMBER)
    kept = services.upload_file(member, file=io.BytesIO(b"keep"), name="keep.txt")
    lost = services.upload_file(member, file=io.BytesIO(b"lost"), name="lost.txt")
    s3["client"].delete_object(Bucket=BUCKET, Key=f"uploads/{lost.key}")
    s3["client"].put_object(Bucket=BUCKET, Key="uploads/teams/999/stray.txt", Body=b"x")

    young = find_and_remove_strays()
    assert young.deleted_objects == []  # within the grace period: maybe an upload in flight

    report = find_and_remove_strays(now=timezone.now() + timedelta(hours=2))
    assert report.deleted_objects == ["teams/999/stray.txt"]
    assert report.rows_without_objects == [lost.pk]
    assert bucket_keys(s3) == [f"uploads/{kept.key}"]
