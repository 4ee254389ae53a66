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


def test_a_stopped_redis_lets_api_requests_through(tenant):
    """Throttles and usage counters live in the cache; with Redis down they fail open."""
    from cms.settings.env import cache_config
    from site_apps.api.usage import flush_usage

    with override_settings(CACHES=cache_config("redis://127.0.0.1:1/0"), API_THROTTLE_RATES=RATES):
        client = key_client(tenant.secret)
        for _ in range(6):  # more than the key's limit of 4: nothing counts them
            response = client.get("/api/v1/teams/")
            assert response.status_code == 200
            # Nothing is counted, so nothing is claimed (no full RateLimit-Remaining).
            assert not any(name.startswith("RateLimit-") for name in response.headers)
        assert flush_usage() == 0


def test_without_redis_sign_in_limits_still_count(tenant):
    """Brute force is counted in the database while Redis is down: wrong JWT sign-ins lock
    the address (429, Retry-After), and anonymous clients keep their limit and headers."""
    from cms.settings.env import cache_config

    stopped = cache_config("redis://127.0.0.1:1/0")
    loose = RATES | {"token": "100/min", "anon": "100/min"}  # only the sign-in lock counts
    with override_settings(CACHES=stopped, API_THROTTLE_RATES=loose):
        body = {"email": tenant.owner.email, "password": "wrong"}
        answers = [APIClient().post("/api/v1/auth/token/", body).status_code for _ in range(8)]
        assert answers[:5] == [401] * 5
        assert answers[5:] == [429] * 3
        locked = APIClient().post(
            "/api/v1/auth/token/", {"email": tenant.owner.email, "password": PASSWORD}
        )
        assert locked.status_code == 429
        assert int(locked["Retry-After"]) > 0
        assert locked["RateLimit-Remaining"] == "0"

    with override_settings(CACHES=stopped, API_THROTTLE_RATES=RATES):
        anonymous = APIClient(REMOTE_ADDR="10.0.0.7")
        first = anonymous.get("/api/v1/me/")
        assert (first.status_code, first["RateLimit-Remaining"]) == (401, "1")
        assert anonymous.get("/api/v1/me/").status_code == 401
        assert anonymous.get("/api/v1/me/").status_code == 429


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_are_all_counted_against_the_limit():
    """Ten threads send five requests each at a limit of 20: exactly 20 get through."""
    import threading

    from django.db import connection

    from tests.site_apps.api.conftest import make_tenant

    tenant = make_tenant("Race")
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(10)

    def hammer() -> None:
        client = key_client(tenant.secret)
        start.wait()
        try:
            for _ in range(5):
                status = client.get("/api/v1/teams/").status_code
                with lock:
                    statuses.append(status)
        finally:
            connection.close()

    with override_settings(API_THROTTLE_RATES=RATES | {"key": "20/hour"}):
        threads = [threading.Thread(target=hammer) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses.count(200) == 20
    assert statuses.count(429) == 30
