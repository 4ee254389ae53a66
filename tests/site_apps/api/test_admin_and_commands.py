"""Staff see, make and revoke API keys and see usage in the Wagtail admin (only of the teams
they may see); `issue_api_key` prints only the key; `flush_api_usage` writes the counters."""

from __future__ import annotations

import io
import logging

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from site_apps.api.models import DailyUsage, TeamAPIKey
from site_apps.api.usage import count_request
from site_apps.teams.models import Role
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.api.conftest import key_client
from tests.site_apps.teams.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_superuser_makes_a_key_and_sees_its_secret_once(client, tenant):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("api_key:add"), {"team": tenant.team.pk, "name": "From the admin"}
    )
    assert response.status_code == 200
    key = TeamAPIKey.objects.get(name="From the admin")
    html = response.content.decode()
    secret = html.split('id="new-api-key"')[1].split('value="')[1].split('"')[0]
    assert secret.startswith(f"{key.prefix}.")
    assert key_client(secret).get("/api/v1/teams/").status_code == 200
    assert key.created_by == admin
    listing = client.get(reverse("api_key:index")).content.decode()
    assert key.prefix in listing
    assert secret not in listing


def test_staff_revoke_a_key_by_editing_it(client, tenant):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("api_key:edit", args=[tenant.key.pk])
    response = client.post(url, {"name": tenant.key.name, "revoked": "on"})
    assert response.status_code == 302
    tenant.key.refresh_from_db()
    assert tenant.key.revoked
    assert tenant.key.revoked_at is not None
    assert key_client(tenant.secret).get("/api/v1/teams/").status_code == 401


def test_revoking_in_the_admin_goes_through_the_service_and_is_logged_once(client, tenant, caplog):
    """The edit form has no `revoked` field of the model: ticking the box calls
    `services.revoke_key`, whose security log line names the staff member who did it."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse("api_key:edit", args=[tenant.key.pk])
    caplog.set_level(logging.INFO, logger="security.api_keys")
    client.post(url, {"name": tenant.key.name, "revoked": "on"})
    client.post(url, {"name": "renamed later"})  # already revoked: nothing more to log
    revoked = [
        (r.msg["event"], r.msg["prefix"], r.msg["team_id"], r.msg["revoked_by"])
        for r in caplog.records
        if r.name == "security.api_keys"
    ]
    assert revoked == [("api_key_revoked", tenant.key.prefix, tenant.team.pk, staff.pk)]
    tenant.key.refresh_from_db()
    assert (tenant.key.name, tenant.key.revoked) == ("renamed later", True)


def test_staff_who_are_not_superusers_see_only_their_teams(client, tenant, other_tenant):
    group = Group.objects.create(name="API support")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_teamapikey", "view_dailyusage"]
        )
    )
    person = UserFactory(is_staff=True)
    person.groups.add(group)
    MembershipFactory(team=tenant.team, user=person, role=Role.MEMBER)
    count_request(endpoint="GET /teams/", status_code=200, key=tenant.key)
    count_request(endpoint="GET /me/", status_code=200, key=other_tenant.key)
    call_command("flush_api_usage", stdout=io.StringIO())
    client.force_login(person)

    keys = client.get(reverse("api_key:index")).content.decode()
    assert tenant.key.prefix in keys
    assert other_tenant.key.prefix not in keys
    other = client.get(reverse("api_key:inspect", args=[other_tenant.key.pk]))
    assert other.status_code == 404
    own = client.get(reverse("api_key:inspect", args=[tenant.key.pk]))
    assert own.status_code == 200
    usage = client.get(reverse("api_usage:index")).content.decode()
    assert "GET /teams/" in usage
    assert "GET /me/" not in usage


def test_issue_api_key_prints_only_the_key(tenant):
    out = io.StringIO()
    call_command(
        "issue_api_key",
        "--team",
        tenant.team.slug,
        "--name",
        "CI",
        "--user",
        tenant.owner.email,
        "--expires-in-days",
        "30",
        stdout=out,
    )
    secret = out.getvalue().strip()
    assert "\n" not in secret
    key = TeamAPIKey.objects.get(name="CI")
    assert secret.startswith(f"{key.prefix}.")
    assert key.expiry_date is not None
    assert key.created_by == tenant.owner
    assert key_client(secret).get("/api/v1/teams/").status_code == 200


def test_issue_api_key_refuses_an_unknown_team(db):
    with pytest.raises(CommandError, match="No team with the slug 'nope'"):
        call_command("issue_api_key", "--team", "nope", "--name", "CI")


def test_flush_command_and_task(tenant):
    from site_apps.api.tasks import flush_api_usage_task

    count_request(endpoint="GET /teams/", status_code=200, key=tenant.key)
    out = io.StringIO()
    call_command("flush_api_usage", stdout=out)
    assert out.getvalue().strip() == "Wrote 1 requests to the usage table."
    count_request(endpoint="GET /teams/", status_code=200, key=tenant.key)
    result = flush_api_usage_task.enqueue()  # the immediate backend in tests
    assert result.return_value == 1
    assert DailyUsage.objects.get().count == 2


def test_usage_report_shows_each_teams_requests_per_day(client, tenant, other_tenant):
    import datetime

    from django.utils import timezone

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for status in (200, 200, 404, 500):
        count_request(endpoint="GET /teams/", status_code=status, key=tenant.key, day=yesterday)
    count_request(endpoint="GET /me/", status_code=200, key=other_tenant.key, day=yesterday)
    call_command("flush_api_usage", stdout=io.StringIO())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(reverse("api_usage_report"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Acme" in html
    assert "Globex" in html
    csv = client.get(reverse("api_usage_report"), {"export": "csv", "team": tenant.team.pk})
    lines = b"".join(csv.streaming_content).decode().strip().splitlines()
    assert lines[0] == "Day,Team,Requests,4xx,5xx"
    assert lines[1:] == [f"{yesterday.isoformat()},Acme,4,1,1"]


def test_usage_report_is_scoped_for_staff_who_are_not_superusers(client, tenant, other_tenant):
    group = Group.objects.create(name="Usage readers")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_dailyusage"])
    )
    person = UserFactory(is_staff=True)
    person.groups.add(group)
    MembershipFactory(team=tenant.team, user=person, role=Role.MEMBER)
    count_request(endpoint="GET /teams/", status_code=200, key=tenant.key)
    count_request(endpoint="GET /teams/", status_code=200, key=other_tenant.key)
    call_command("flush_api_usage", stdout=io.StringIO())
    client.force_login(person)
    html = client.get(reverse("api_usage_report")).content.decode()
    assert "Acme" in html
    assert "Globex" not in html
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("api_usage_report")).status_code in (302, 403)
