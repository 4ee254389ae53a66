"""The Files tab without JavaScript, and the API with an API key and a JWT."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from site_apps.teams.models import Role
from site_apps.uploads.models import Upload
from tests.site_apps.api.conftest import jwt_client, key_client
from tests.site_apps.api.factories import key_with_secret
from tests.site_apps.teams.factories import team_with
from tests.site_apps.uploads.conftest import png
from tests.site_apps.uploads.factories import UploadFactory
from tests.site_apps.uploads.test_validation import SVG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_uploads(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "uploads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    }


def test_files_tab_upload_download_delete_without_javascript(
    client, django_capture_on_commit_callbacks
) -> None:
    team, (owner, member) = team_with(Role.OWNER, Role.MEMBER)
    client.force_login(member.user)
    url = reverse("uploads:list", args=[team.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            reverse("uploads:upload", args=[team.slug]),
            {"file": SimpleUploadedFile("dot.png", png(), content_type="image/png")},
        )
    assert sent.status_code == 302
    upload = Upload.objects.get()
    assert upload.variants  # made by the task (immediate backend in tests)
    listed = client.get(url).content.decode()
    assert "dot.png" in listed
    assert 'data-testid="thumbnail"' in listed

    refused = client.post(
        reverse("uploads:upload", args=[team.slug]),
        {"file": SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")},
    )
    assert refused.status_code == 400
    assert "is SVG or HTML" in refused.content.decode()

    download = client.get(reverse("uploads:download", args=[team.slug, upload.pk]))
    assert download.status_code == 302
    assert client.get(download["Location"])["Content-Disposition"].startswith("attachment")

    client.force_login(owner.user)
    delete_url = reverse("uploads:delete", args=[team.slug, upload.pk])
    assert "cannot be undone" in client.get(delete_url).content.decode()
    assert client.post(delete_url).status_code == 302
    assert not Upload.objects.exists()

    client.force_login(team_with(Role.OWNER, name="Other")[1][0].user)
    assert client.get(url).status_code == 404


def test_api_list_upload_download_url_delete_with_key_and_jwt(client) -> None:
    team, (owner, member) = team_with(Role.OWNER, Role.MEMBER)
    _key, secret = key_with_secret(team, name="ci", created_by=owner.user)
    base = f"/api/v1/teams/{team.slug}/files/"
    by_key = key_client(secret)

    created = by_key.post(
        base, {"file": SimpleUploadedFile("a.csv", b"a,b\n1,2\n")}, format="multipart"
    )
    assert created.status_code == 201, created.content
    assert created.json()["content_type"] == "text/csv"
    assert created.json()["uploader"] is None

    empty = by_key.post(base, {"file": SimpleUploadedFile("e.txt", b"")}, format="multipart")
    assert empty.status_code == 400
    assert empty.json()["type"] == "validation_error"
    assert "empty" in empty.json()["errors"]["file"][0]

    as_member = jwt_client(member.user)
    listed = as_member.get(base)
    assert listed.status_code == 200
    assert [row["original_name"] for row in listed.json()["results"]] == ["a.csv"]
    file_id = created.json()["id"]
    link = as_member.get(f"{base}{file_id}/download-url/")
    assert link.status_code == 200
    assert client.get(link.json()["url"]).status_code == 200

    # A member cannot delete what someone else (here the key) uploaded; the owner can.
    assert as_member.delete(f"{base}{file_id}/").json()["type"] == "permission_denied"
    assert jwt_client(owner.user).delete(f"{base}{file_id}/").status_code == 204
    assert not Upload.objects.exists()


def test_files_tab_queries_do_not_grow_with_the_files(client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    team, (member,) = team_with(Role.MEMBER)
    client.force_login(member.user)
    url = reverse("uploads:list", args=[team.slug])

    def add(count: int) -> None:
        for n in range(count):
            UploadFactory.create(
                team=team,
                author=member.user,
                original_name=f"{n}.png",
                content_type="image/png",
                size=10,
                sha256="0" * 64,
                key=f"teams/{team.pk}/{Upload.objects.count()}.png",
                width=1,
                height=1,
                variants={"thumbnail": "teams/t.webp"},
            )

    add(1)
    client.get(url)  # the first request warms caches (site, plans by price)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(5)
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).status_code == 200
    assert len(six) == len(one)


def test_a_file_over_the_plans_limits_shows_owners_the_way_to_a_bigger_plan(client) -> None:
    """Over the size per file or the storage, the refusal says a bigger plan would take it and
    links to the team's plan for owners and admins (who can change it), as the member and API
    key limits do; a member is told why, without a link they cannot use."""
    from site_apps.billing.plans import MB

    team, (owner, member) = team_with(Role.OWNER, Role.MEMBER)
    plan_link = f'href="{reverse("billing:team", args=[team.slug])}"'
    url = reverse("uploads:upload", args=[team.slug])

    def send(user, name: str, size: int) -> str:
        client.force_login(user)
        file = SimpleUploadedFile(name, b"a" * size, content_type="text/plain")
        response = client.post(url, {"file": file}, headers={"HX-Request": "true"})
        assert response.status_code == 400
        return html.unescape(response.content.decode())

    too_big = send(owner.user, "big.txt", 5 * MB + 1)
    assert "larger than the 5 MB per file" in too_big
    assert "Upgrade the team's plan on its billing page" in too_big
    assert 'aria-invalid="true"' in too_big
    assert plan_link in too_big.split('id="upload-error"')[1].split("</p>")[0]
    assert plan_link not in send(member.user, "big.txt", 5 * MB + 1)

    UploadFactory(team=team, size=100 * MB - 10)
    full = send(owner.user, "note.txt", 100)
    assert "of file storage your team's plan includes" in full
    assert plan_link in full.split('id="upload-error"')[1].split("</p>")[0]
    assert "is not a type" not in full


def test_the_files_list_names_each_kind_of_file_as_people_do(client) -> None:
    """A text file read "PLAIN" (the content type's subtype, upper-cased) in every language."""
    team, (owner,) = team_with(Role.OWNER)
    client.force_login(owner.user)
    for name in ("notes.txt", "figures.csv", "brief.pdf"):
        sent = client.post(
            reverse("uploads:upload", args=[team.slug]),
            {"file": SimpleUploadedFile(name, b"%PDF-1.4\n" if name.endswith("pdf") else b"a,b\n")},
        )
        assert sent.status_code == 302
    page = client.get(f"/es{reverse('uploads:list', args=[team.slug])}").content.decode()
    labels = re.findall(r'data-testid="file-type">([^<]*)<', page)
    assert sorted(labels) == ["CSV", "PDF", "TXT"]
