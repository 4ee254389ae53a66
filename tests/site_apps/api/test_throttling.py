"""429 after the limit, with Retry-After and the RateLimit headers; each caller counted apart."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.site_apps.api.conftest import PASSWORD, jwt_client, key_client

pytestmark = pytest.mark.django_db

RATES = {"anon": "2/min", "user": "3/min", "key": "4/min", "token": "2/min", "keys": "1/hour"}


@override_settings(API_THROTTLE_RATES=RATES)
def test_a_key_gets_429_after_its_limit(tenant, other_tenant):
    client = key_client(tenant.secret)
    for n in range(4):
        response = client.get("/api/v1/teams/")
        assert response.status_code == 200
        assert response["RateLimit-Limit"] == "4"
        assert response["RateLimit-Remaining"] == str(3 - n)
        assert 0 < int(response["RateLimit-Reset"]) <= 60
    refused = client.get("/api/v1/teams/")
    assert refused.status_code == 429
    assert refused.json()["type"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["RateLimit-Remaining"] == "0"
    # Another team's key has its own allowance.
    assert key_client(other_tenant.secret).get("/api/v1/teams/").status_code == 200


@override_settings(API_THROTTLE_RATES=RATES)
def test_a_person_and_an_anonymous_client_are_limited_apart(tenant):
    client = jwt_client(tenant.owner)
    for _ in range(3):
        assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 429
    anonymous = APIClient()
    assert anonymous.get("/api/v1/me/").status_code == 401
    assert anonymous.get("/api/v1/me/").status_code == 401
    refused = anonymous.get("/api/v1/me/")
    assert refused.status_code == 429
    assert "Retry-After" in refused


@override_settings(API_THROTTLE_RATES=RATES)
def test_token_endpoint_has_its_own_tighter_scope(tenant):
    client = APIClient()
    body = {"email": tenant.owner.email, "password": PASSWORD}
    with override_settings(API_THROTTLE_RATES=RATES | {"anon": "100/min"}):
        assert client.post("/api/v1/auth/token/", body).status_code == 200
        assert client.post("/api/v1/auth/token/", body).status_code == 200
        refused = client.post("/api/v1/auth/token/", body)
    assert refused.status_code == 429
    assert refused["RateLimit-Limit"] == "2"


@override_settings(API_THROTTLE_RATES=RATES | {"user": "100/min"})
def test_creating_keys_is_scoped_but_listing_is_not(tenant):
    client = jwt_client(tenant.owner)
    url = f"/api/v1/teams/{tenant.team.slug}/api-keys/"
    assert client.post(url, {"name": "One"}).status_code == 201
    assert client.post(url, {"name": "Two"}).status_code == 429
    assert client.get(url).status_code == 200
