"""Usage is counted in the cache on the request path (no query) and flushed to DailyUsage; the
counts add up after concurrent requests."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from site_apps.api.models import DailyUsage
from site_apps.api.usage import count_request, flush_usage, pending_counters
from tests.site_apps.api.conftest import jwt_client, key_client, make_tenant
from tests.site_apps.billing.plans import put_on_plan


@pytest.mark.django_db
def test_requests_are_counted_per_key_endpoint_and_status_class(tenant, other_tenant):
    client = key_client(tenant.secret)
    slug = tenant.team.slug
    for _ in range(3):
        client.get(f"/api/v1/teams/{slug}/memberships/")
    client.get(f"/api/v1/teams/{other_tenant.team.slug}/memberships/")  # 404 for this key
    jwt_client(tenant.owner).get(f"/api/v1/teams/{slug}/")

    assert DailyUsage.objects.count() == 0  # nothing written on the request path
    assert flush_usage() == 5
    rows = {
        (row.principal, row.endpoint, row.status_class): row.count
        for row in DailyUsage.objects.filter(team=tenant.team)
    }
    key = f"key:{tenant.key.prefix}"
    assert rows == {
        (key, "GET /teams/{team_slug}/memberships/", "2xx"): 3,
        (key, "GET /teams/{team_slug}/memberships/", "4xx"): 1,
        (f"user:{tenant.owner.pk}@team:{tenant.team.pk}", "GET /teams/{team_slug}/", "2xx"): 1,
    }
    assert flush_usage() == 0  # flushed counters are not written twice


@pytest.mark.django_db
def test_only_http_methods_are_counted(tenant):
    """A made-up method (`FOO /team/`) was counted as an endpoint of its own, so a client could
    add usage rows at will; a real method the endpoint does not allow still counts (a 4xx)."""
    client = key_client(tenant.secret)
    for method in ("FOO", "BREW", "get-ish"):
        response = client.generic(method, "/api/v1/team/")
        assert response.status_code == 405
        assert response.json()["type"] == "method_not_allowed"
    assert client.delete("/api/v1/team/").status_code == 405
    assert client.get("/api/v1/team/").status_code == 200
    flush_usage()
    rows = {(row.endpoint, row.status_class): row.count for row in DailyUsage.objects.all()}
    assert rows == {("DELETE /team/", "4xx"): 1, ("GET /team/", "2xx"): 1}


@pytest.mark.django_db
def test_counting_makes_no_query(tenant):
    with CaptureQueriesContext(connection) as queries:
        count_request(endpoint="GET /teams/", status_code=200, key=tenant.key)
    assert len(queries) == 0


@pytest.mark.django_db
def test_the_usage_endpoint_shows_the_team_its_usage(tenant, other_tenant):
    yesterday = timezone.localdate() - timedelta(days=1)
    count_request(endpoint="GET /teams/", status_code=200, key=tenant.key, day=yesterday)
    count_request(endpoint="GET /teams/", status_code=200, key=other_tenant.key)
    call_command("flush_api_usage", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = jwt_client(tenant.owner).get(
        f"/api/v1/teams/{tenant.team.slug}/usage/", {"since": yesterday.isoformat()}
    )
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "day": yesterday.isoformat(),
            "caller": f"key:{tenant.key.prefix}",
            "api_key": tenant.key.prefix,
            "user": None,
            "endpoint": "GET /teams/",
            "status_class": "2xx",
            "requests": 1,
        }
    ]
    bad = jwt_client(tenant.owner).get(
        f"/api/v1/teams/{tenant.team.slug}/usage/", {"since": "yesterday"}
    )
    assert bad.status_code == 400
    assert bad.json()["type"] == "validation_error"
    assert "since" in bad.json()["errors"]


@pytest.mark.django_db(transaction=True)
def test_usage_adds_up_after_concurrent_requests():
    """Eight threads, 15 requests each, through the whole middleware stack at once (each thread
    its own database connection); counted in the cache (local memory here, Redis under CI),
    then flushed."""
    tenant = make_tenant("Concurrent")
    put_on_plan(tenant.team, "business")
    url = f"/api/v1/teams/{tenant.team.slug}/memberships/"
    threads_count, per_thread = 8, 15
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(threads_count)

    def hammer() -> None:
        client = key_client(tenant.secret)
        start.wait()
        try:
            for _ in range(per_thread):
                status = client.get(url).status_code
                with lock:
                    statuses.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=hammer) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    total = threads_count * per_thread
    assert statuses.count(200) == total
    assert sum(n for _, n in pending_counters(timezone.localdate())) == total
    assert flush_usage() == total
    row = DailyUsage.objects.get(team=tenant.team)
    assert row.count == total
    assert row.api_key == tenant.key


@pytest.mark.django_db
def test_the_flush_is_queued_once_per_interval_after_the_response(tenant, settings):
    settings.API_USAGE_FLUSH_SECONDS = 300
    client = key_client(tenant.secret)
    client.get("/api/v1/teams/")  # counted, then flushed when the response closes
    assert DailyUsage.objects.get().count == 1
    client.get("/api/v1/teams/")
    client.get("/api/v1/teams/")
    assert DailyUsage.objects.get().count == 1  # not due again for five minutes
    assert flush_usage() == 2


@pytest.mark.django_db
def test_daily_summary_lists_every_day_with_status_classes(tenant, other_tenant):
    today = timezone.localdate()
    for status in (200, 200, 404):
        count_request(endpoint="GET /teams/", status_code=status, key=tenant.key)
    count_request(
        endpoint="GET /me/", status_code=200, key=tenant.key, day=today - timedelta(days=2)
    )
    count_request(endpoint="GET /teams/", status_code=200, key=other_tenant.key)
    flush_usage()
    url = f"/api/v1/teams/{tenant.team.slug}/usage/daily/"
    client = jwt_client(tenant.owner)
    summary = client.get(url, {"since": (today - timedelta(days=2)).isoformat()}).json()
    assert summary["until"] == today.isoformat()
    assert summary["days"] == [
        {"day": (today - timedelta(days=2)).isoformat(), "requests": 1, "by_status": {"2xx": 1}},
        {"day": (today - timedelta(days=1)).isoformat(), "requests": 0, "by_status": {}},
        {"day": today.isoformat(), "requests": 3, "by_status": {"2xx": 2, "4xx": 1}},
    ]
    assert len(client.get(url).json()["days"]) == 30
    too_long = client.get(url, {"since": "2020-01-01"})
    assert too_long.status_code == 400
    assert too_long.json()["errors"] == {"since": ["Ask for 92 days at most."]}


@pytest.mark.django_db(transaction=True)
def test_counts_add_up_when_flushes_run_during_the_requests():
    """Requests counted while a flush is running wait for the next flush: none is lost and
    none is written twice."""
    tenant = make_tenant("Busy")
    put_on_plan(tenant.team, "business")  # 120 requests at once: a plan with room for them
    url = f"/api/v1/teams/{tenant.team.slug}/"
    threads_count, per_thread = 6, 20
    done = threading.Event()
    flushed: list[int] = []

    def hammer() -> None:
        client = key_client(tenant.secret)
        try:
            for _ in range(per_thread):
                assert client.get(url).status_code == 200
        finally:
            connection.close()

    def flush_repeatedly() -> None:
        try:
            while not done.is_set():
                flushed.append(flush_usage())
        finally:
            connection.close()

    flusher = threading.Thread(target=flush_repeatedly)
    flusher.start()
    threads = [threading.Thread(target=hammer) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    flusher.join()
    flushed.append(flush_usage())

    total = threads_count * per_thread
    assert sum(flushed) == total
    assert DailyUsage.objects.get(team=tenant.team).count == total
