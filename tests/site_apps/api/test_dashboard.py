"""The team settings' "API keys" tab: the same rules as the API and the admin."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from site_apps.api.models import TeamAPIKey
from site_apps.teams.models import Role
from tests.site_apps.api.conftest import key_client
from tests.site_apps.teams.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_an_owner_makes_a_key_sees_it_once_and_revokes_it(client, tenant):
    client.force_login(tenant.owner)
    slug = tenant.team.slug
    made = client.post(
        reverse("api_keys:create", args=[slug]),
        {"key-name": "Nightly export", "key-expires_on": "2999-01-01"},
    )
    assert made.status_code == 201
    assert "no-store" in made["Cache-Control"]
    secret = str(BeautifulSoup(made.content, "html.parser").select_one("#new-key-secret")["value"])
    key = TeamAPIKey.objects.get(name="Nightly export")
    assert secret.startswith(key.prefix + ".")
    assert key.expiry_date.isoformat().startswith("2999-01-02T00:00:00")
    assert key_client(secret).get(f"/api/v1/teams/{slug}/").status_code == 200
    listing = client.get(reverse("api_keys:list", args=[slug])).content.decode()
    assert key.prefix in listing
    assert secret not in listing  # shown once only
    revoked = client.post(
        reverse("api_keys:revoke", args=[slug, key.prefix]), headers={"HX-Request": "true"}
    )
    assert revoked.status_code == 200
    assert 'id="api-keys"' in revoked.content.decode()
    assert "<html" not in revoked.content.decode()  # the fragment only
    assert key_client(secret).get(f"/api/v1/teams/{slug}/").json()["type"] == "revoked_api_key"


def test_a_bad_form_says_which_field(client, tenant):
    client.force_login(tenant.owner)
    response = client.post(
        reverse("api_keys:create", args=[tenant.team.slug]),
        {"key-name": "", "key-expires_on": "2000-01-01"},
    )
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_key-name_error")
    assert "Choose today or a later day." in soup.select_one("#id_key-expires_on_error").text


def test_a_member_sees_keys_but_cannot_make_or_revoke_them(client, tenant, other_tenant):
    member = MembershipFactory(team=tenant.team, role=Role.MEMBER).user
    client.force_login(member)
    slug = tenant.team.slug
    page = client.get(reverse("api_keys:list", args=[slug]))
    soup = BeautifulSoup(page.content, "html.parser")
    assert tenant.key.prefix in soup.select_one('[data-testid="key-list"]').text
    assert soup.select_one("form[action$='/api-keys/new/']") is None
    assert soup.select_one("form[action$='/revoke/']") is None
    refused = client.post(reverse("api_keys:create", args=[slug]), {"key-name": "Mine"})
    assert refused.status_code == 403
    said = BeautifulSoup(refused.content, "html.parser").select_one('[role="alert"]').text
    assert "Only the team's owners and admins can create or revoke API keys." in said
    revoke = client.post(reverse("api_keys:revoke", args=[slug, tenant.key.prefix]))
    assert revoke.status_code == 403
    assert not TeamAPIKey.objects.get(pk=tenant.key.pk).revoked
    # another team's key is out of reach, as if it did not exist
    client.force_login(tenant.owner)
    other = reverse("api_keys:revoke", args=[slug, other_tenant.key.prefix])
    assert client.post(other).status_code == 404


def test_a_refusal_to_htmx_keeps_its_status_and_says_how_to_swap(client, tenant):
    """htmx swaps a 4xx answer only when it says where it goes (static/js/site.js): the keys
    fragment with the form's errors carries HX-Reswap, or nothing would show."""
    client.force_login(tenant.owner)
    response = client.post(
        reverse("api_keys:create", args=[tenant.team.slug]),
        {"key-name": "Nightly export", "key-expires_on": "2024-05-01"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert response["HX-Reswap"] == "outerHTML"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#api-keys #id_key-expires_on")["aria-invalid"] == "true"


def test_the_date_picker_offers_no_past_day(client, tenant):
    client.force_login(tenant.owner)
    page = client.get(reverse("api_keys:list", args=[tenant.team.slug]))
    field = BeautifulSoup(page.content, "html.parser").select_one("#id_key-expires_on")
    assert field["min"] == timezone.now().date().isoformat()
