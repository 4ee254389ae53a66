"""The team endpoints do what the team pages do, through the same services and rules."""

from __future__ import annotations

import logging

import pytest
from django.core import mail

from site_apps.teams.models import Invitation, Role
from tests.site_apps.api.conftest import jwt_client
from tests.site_apps.teams.factories import MembershipFactory

pytestmark = pytest.mark.django_db

# A real SMTP backend pointed at a port nothing listens on (discard, 9): connection refused.
SMTP_DOWN = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 5},
    }
}


def test_owner_invites_by_email_and_revokes(tenant, django_capture_on_commit_callbacks):
    client = jwt_client(tenant.owner)
    url = f"/api/v1/teams/{tenant.team.slug}/invitations/"
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(url, {"email": "Grace@Example.com", "role": "admin"})
    assert made.status_code == 201, made.content
    assert made.json()["email"] == "grace@example.com"
    assert made.json()["status"] == "pending"
    assert made.json()["invited_by"] == tenant.owner.email
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace@example.com"]

    assert [i["email"] for i in client.get(url).json()["results"]] == ["grace@example.com"]
    assert client.delete(f"{url}{made.json()['id']}/").status_code == 204
    assert Invitation.objects.get().revoked_at is not None
    assert client.get(url).json()["results"] == []


@pytest.mark.django_db(transaction=True)  # the email goes out on commit, inside the request
def test_an_invitation_whose_email_cannot_go_out_is_a_502_and_is_not_kept(tenant, settings, caplog):
    """With SMTP down the API answered 400 validation_error, blaming the client, with the mail
    server's own words ("[Errno 111] Connection refused") in the body."""
    client = jwt_client(tenant.owner)
    url = f"/api/v1/teams/{tenant.team.slug}/invitations/"
    earlier = client.post(url, {"email": "grace@example.com", "role": "member"})
    assert earlier.status_code == 201
    settings.MAILERS = SMTP_DOWN
    caplog.set_level(logging.WARNING)

    response = client.post(url, {"email": "Grace@Example.com", "role": "admin"})

    assert response.status_code == 502, response.content
    assert response.json() == {
        "type": "provider_error",
        "detail": "We could not send the invitation email just now, so no invitation was "
        "made. Please try again in a moment.",
    }
    assert "Connection refused" in caplog.text  # the mail server's words: in the logs only
    # Nothing half-made: the earlier invitation to that address is open again, as it was.
    (kept,) = Invitation.objects.all()
    assert kept.pk == earlier.json()["id"]
    assert (kept.role, kept.revoked_at, kept.accepted_at) == ("member", None, None)
    assert [i["id"] for i in client.get(url).json()["results"]] == [kept.pk]


def test_an_admin_cannot_invite_an_owner(tenant):
    admin = MembershipFactory(team=tenant.team, role=Role.ADMIN)
    response = jwt_client(admin.user).post(
        f"/api/v1/teams/{tenant.team.slug}/invitations/",
        {"email": "boss@example.com", "role": "owner"},
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Only an owner can invite another owner."
    assert mail.outbox == []


def test_owner_changes_a_role_and_removes_a_member(tenant):
    member = MembershipFactory(team=tenant.team, role=Role.MEMBER)
    client = jwt_client(tenant.owner)
    url = f"/api/v1/teams/{tenant.team.slug}/memberships/{member.pk}/"
    changed = client.patch(url, {"role": "admin"})
    assert changed.status_code == 200
    assert changed.json()["role"] == "admin"
    member.refresh_from_db()
    assert member.role == Role.ADMIN
    assert client.delete(url).status_code == 204
    assert not tenant.team.memberships.filter(pk=member.pk).exists()


def test_a_member_leaves_by_deleting_their_membership(tenant):
    member = MembershipFactory(team=tenant.team, role=Role.MEMBER)
    response = jwt_client(member.user).delete(
        f"/api/v1/teams/{tenant.team.slug}/memberships/{member.pk}/"
    )
    assert response.status_code == 204
    assert not tenant.team.memberships.filter(pk=member.pk).exists()


def test_me_updates_names_only(tenant):
    client = jwt_client(tenant.owner)
    response = client.patch(
        "/api/v1/me/", {"first_name": "Ada", "email": "new@example.com", "is_staff": True}
    )
    assert response.status_code == 200
    tenant.owner.refresh_from_db()
    assert tenant.owner.first_name == "Ada"
    assert tenant.owner.email != "new@example.com"
    assert not tenant.owner.is_staff


def test_a_misspelt_field_is_refused_by_name_and_nothing_changes(tenant):
    """DRF ignores names a serializer does not have: `{"nmae": ...}` answered 200 and changed
    nothing, so a client's typo looked like success."""
    client = jwt_client(tenant.owner)
    team_url = f"/api/v1/teams/{tenant.team.slug}/"
    member = MembershipFactory(team=tenant.team, role=Role.MEMBER)
    refused = {
        team_url: {"nmae": "Renamed"},
        f"{team_url}memberships/{member.pk}/": {"rloe": "admin"},
        "/api/v1/me/": {"first_name": "Ada", "firstname": "Ada"},
    }
    for url, body in refused.items():
        response = client.patch(url, body, format="json")
        assert response.status_code == 400, (url, response.content)
        error = response.json()
        assert error["type"] == "validation_error"
        unknown = next(name for name in body if name not in ("first_name",))
        assert error["errors"] == {unknown: ["This field is unknown here."]}
    made = client.post(
        f"{team_url}invitations/", {"email": "grace@example.com", "rol": "admin"}, format="json"
    )
    assert made.status_code == 400
    assert list(made.json()["errors"]) == ["rol"]
    key = client.post(
        f"{team_url}api-keys/", {"name": "CI", "expires": "2030-01-01"}, format="json"
    )
    assert key.status_code == 400
    assert list(key.json()["errors"]) == ["expires"]

    tenant.team.refresh_from_db()
    member.refresh_from_db()
    tenant.owner.refresh_from_db()
    assert tenant.team.name == "Acme"
    assert member.role == Role.MEMBER
    assert tenant.owner.first_name != "Ada"
    assert not Invitation.objects.exists()
    # What the client read back is known: sending it again is not refused (and not written).
    read = client.get(team_url).json()
    again = client.patch(team_url, read | {"name": "Acme Two"}, format="json")
    assert again.status_code == 200, again.content
    assert again.json()["slug"] == read["slug"]
