"""Files we refuse, each with its reason, and nothing left in storage."""

from __future__ import annotations

import io
import re

import pytest

from site_apps.billing.entitlements import PlanLimitReached
from site_apps.billing.plans import PLANS
from site_apps.teams.models import Role
from site_apps.teams.policy import TeamPermissionDenied
from site_apps.uploads import services
from site_apps.uploads.inspection import UploadRefused
from site_apps.uploads.models import Upload
from tests.site_apps.teams.factories import team_with
from tests.site_apps.uploads.conftest import png, png_header_claiming
from tests.site_apps.uploads.factories import UploadFactory

pytestmark = pytest.mark.django_db

SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
STARTER_MAX = PLANS["starter"].upload_max_file


@pytest.fixture
def local_uploads(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "uploads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    }
    return tmp_path


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "is empty (0 bytes)"),
        ("photo.png", EXECUTABLE, "is not a type we accept"),
        ("huge.png", png_header_claiming(50_000, 50_000), "claims more pixels than we decode"),
        ("logo.svg", SVG, "is SVG or HTML, which can carry scripts"),
        ("page.txt", b"<!DOCTYPE html><html><body>hi</body></html>", "is SVG or HTML"),
        ("big.txt", b"a" * (STARTER_MAX + 1), "larger than the 5 MB per file"),
    ],
    ids=["0-byte", "renamed-executable", "50000x50000-png", "svg-script", "html", "over-limit"],
)
def test_refused_with_its_reason(local_uploads, name, data, reason) -> None:
    _team, (member,) = team_with(Role.MEMBER)
    with pytest.raises(UploadRefused, match=re.escape(reason)):
        services.upload_file(member, file=io.BytesIO(data), name=name)
    assert not Upload.objects.exists()
    assert not any(local_uploads.rglob("*.*"))


def test_storage_total_is_the_plans(local_uploads) -> None:
    team, (member,) = team_with(Role.MEMBER)
    UploadFactory.create(
        team=team,
        original_name="old.pdf",
        content_type="application/pdf",
        size=PLANS["starter"].upload_storage - 10,  # type: ignore[operator]  # starter has a limit
        sha256="0" * 64,
        key="teams/x/old.pdf",
    )
    with pytest.raises(PlanLimitReached, match="100 MB of file storage"):
        services.upload_file(member, file=io.BytesIO(b"more than ten bytes"), name="a.txt")
    services.upload_file(member, file=io.BytesIO(b"ten bytes!"), name="b.csv")


def test_local_signed_link_downloads_as_attachment(local_uploads, client) -> None:
    _team, (member,) = team_with(Role.MEMBER)
    upload = services.upload_file(member, file=io.BytesIO(png()), name="dot.png")
    response = client.get(services.download_link(member, upload=upload).url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="dot.png"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == png()
    forged = client.get(services.download_link(member, upload=upload).url[:-3] + "abc/")
    assert forged.status_code == 404


def test_members_delete_their_own_files_managers_anyones(local_uploads) -> None:
    _team, (owner, alice, bob) = team_with(Role.OWNER, Role.MEMBER, Role.MEMBER)
    alices = services.upload_file(alice, file=io.BytesIO(b"a"), name="a.txt", user=alice.user)
    with pytest.raises(TeamPermissionDenied, match="owners and admins"):
        services.delete_upload(bob, upload=alices)
    services.delete_upload(alice, upload=alices)
    bobs = services.upload_file(bob, file=io.BytesIO(b"b"), name="b.txt", user=bob.user)
    services.delete_upload(owner, upload=bobs)
    assert not Upload.objects.exists()
