"""A hung dependency never hangs a page: through a TCP proxy that stops answering, a hung
PostgreSQL answers 503 with Retry-After and a hung Redis is a cache miss, both in seconds;
sign-in limits keep counting without Redis."""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connections
from django.test import Client, override_settings

from cms.cache import breaker
from cms.page_cache import forget_front_memory
from cms.settings.base import postgres_timeouts
from cms.settings.env import cache_config
from site_apps.observability.logging_config import make_formatter
from tests.database_swap import default_database
from tests.site_apps.accounts.factories import UserFactory, verified
from tests.site_apps.api.conftest import PASSWORD, make_tenant
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.django_db
BUDGET = 3.0  # seconds: what the issue allows a page when a dependency hangs


@contextmanager
def database_through(proxy: TcpProxy, *, conn_max_age: int = 0) -> Iterator[None]:
    """Requests in this block reach the test database through the proxy, with the production
    timeouts; the test's own connection (holding its transaction) is put back afterwards."""
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    settings_dict |= postgres_timeouts(2, 1.0) | {"HOST": "127.0.0.1", "PORT": str(proxy.port)}
    settings_dict["OPTIONS"] = original.settings_dict["OPTIONS"] | settings_dict["OPTIONS"]
    settings_dict["CONN_MAX_AGE"] = conn_max_age
    with default_database(settings_dict):
        yield


@pytest.fixture
def client():
    """Errors come back as the responses people get, not as exceptions in the test."""
    return Client(raise_request_exception=False)


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.fixture
def production_logs() -> Iterator[None]:
    """Log lines as production writes them (JSON): the console's pretty tracebacks take
    seconds to draw on a busy machine, which is not what is being timed."""
    handlers = logging.getLogger().handlers
    kept = [(handler, handler.formatter) for handler in handlers]
    for handler in handlers:
        handler.setFormatter(make_formatter("json"))
    yield
    for handler, formatter in kept:
        handler.setFormatter(formatter)


@pytest.fixture
def postgres(production_logs) -> int:
    if connections["default"].vendor != "postgresql":
        pytest.skip("the database-outage tests need PostgreSQL (CI runs them)")
    return int(connections["default"].settings_dict.get("PORT") or 5432)


def test_a_database_that_answers_with_an_error_keeps_its_own_message(postgres):
    """A server that answers at once (here: no such database) is not an outage: asking again
    says what is wrong again, not "did not answer moments ago" (a helper's `make run` against a
    database not yet created said PostgreSQL was down)."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict["NAME"] = "lumen_no_such_database"
    probe = connections["default"].__class__(settings_dict, "probe")
    for _ in range(2):
        with pytest.raises(OperationalError, match="does not exist"):
            probe.ensure_connection()


def test_a_hung_postgres_answers_503_with_retry_after_within_the_budget(client, postgres):
    with TcpProxy(postgres) as proxy, database_through(proxy):
        assert client.get("/health/live/").status_code == 200
        assert client.get("/", HTTP_ACCEPT="text/html").status_code in (200, 404)
        # A page the page cache holds needs no database, outage or not: ask for one it does
        # not (Wagtail's own welcome page is cached when the migrations' rows are there).
        cache.clear()
        forget_front_memory()
        proxy.hang()
        page, seconds = timed(lambda: client.get("/", HTTP_ACCEPT="text/html"))
        assert page.status_code == 503
        assert page["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER)
        assert b"Back in a moment" in page.content
        assert seconds < BUDGET
        api, seconds = timed(
            lambda: client.get("/api/v1/pages/", HTTP_AUTHORIZATION="Api-Key abc.secret")
        )
        assert api.status_code == 503
        assert api.json()["type"] == "service_unavailable"
        assert "Retry-After" in api
        assert seconds < BUDGET


def test_a_kept_connection_that_hangs_mid_request_gives_up_too(client, postgres):
    tenant = make_tenant("Kept")
    with TcpProxy(postgres) as proxy, database_through(proxy, conn_max_age=60):
        headers = {"HTTP_AUTHORIZATION": f"Api-Key {tenant.secret}"}
        # The key lives in the test's transaction, unseen through the proxy: 401, connection kept.
        assert client.get("/api/v1/teams/", **headers).status_code == 401
        proxy.hang()
        response, seconds = timed(lambda: client.get("/api/v1/teams/", **headers))
        assert response.status_code == 503
        assert seconds < BUDGET


@pytest.fixture
def hung_redis() -> Iterator[TcpProxy]:
    if not settings.REDIS_URL:
        pytest.skip("the Redis-outage tests need Redis (REDIS_URL; CI sets it)")
    base, _, number = settings.REDIS_URL.rpartition("/")
    port = int(base.rpartition(":")[2])
    with TcpProxy(port) as proxy:
        url = f"redis://127.0.0.1:{proxy.port}/{number or 0}"
        with override_settings(CACHES=cache_config(url, settings.REDIS_TIMEOUT)):
            from django.core.cache import cache

            cache.set("warm", 1)  # a pooled connection that then stops answering
            assert cache.get("warm") == 1
            proxy.hang()
            yield proxy
    breaker.reset()


def test_a_hung_redis_is_one_short_miss_and_sign_in_still_works(client, home_page, hung_redis):
    page, seconds = timed(lambda: client.get("/"))
    assert page.status_code == 200
    assert seconds < 1.5, "one timeout, then the breaker: not one timeout per cache call"
    user = verified(UserFactory())
    signed_in, seconds = timed(
        lambda: client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    )
    assert signed_in.status_code == 302
    assert seconds < BUDGET


def test_sign_in_limits_hold_while_redis_hangs(client, home_page, hung_redis):
    """Failed sign-ins are counted in the database while Redis is away: the sixth wrong
    password for one address is refused, on the page and through the API's JWT sign-in."""
    user = verified(UserFactory())
    for _ in range(5):
        wrong = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
        assert wrong.status_code == 200
    locked = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    token = client.post(
        "/api/v1/auth/token/",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 429
    assert int(token["Retry-After"]) > 0
    assert token["RateLimit-Remaining"] == "0"
