"""/health/live/ and /health/ready/: what a load balancer and an operator see.

The readiness tests take the database away for real (its connection settings point at a closed
port, or a SQLite file that cannot exist) and give it back, while the probes run unchanged.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connections
from django.test import override_settings

from cms.settings.env import cache_config
from site_apps.observability import probe

QUEUED_TASKS = {"default": {"BACKEND": "site_apps.observability.task_context.DatabaseBackend"}}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@contextmanager
def database_unreachable(tmp_path: Path) -> Iterator[None]:
    """Point every new connection to the default database at a database that is not there."""
    settings_dict = connections.settings["default"]
    saved = dict(settings_dict)
    if settings_dict["ENGINE"].endswith("sqlite3"):
        settings_dict["NAME"] = str(tmp_path / "no-such-directory" / "db.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        settings_dict.clear()
        settings_dict.update(saved)


def test_live_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django makes any database access here an error.
    response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_ready_names_each_dependency_when_all_answer(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert set(body["checks"]) == {"database", "cache", "storage"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_is_503_naming_the_database_while_it_is_down_and_200_when_it_returns(
    client, tmp_path
):
    assert client.get("/health/ready/").status_code == 200

    with database_unreachable(tmp_path):
        down = client.get("/health/ready/")
    assert down.status_code == 503
    assert down["Content-Type"] == "application/json"
    body = down.json()
    assert body["status"] == "unavailable"
    assert body["failed"] == ["database"]
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["error"].startswith("Unavailable")
    assert body["checks"]["cache"]["ok"] is True
    assert "no-store" in down["Cache-Control"]

    back = client.get("/health/ready/")
    assert back.status_code == 200, back.content
    assert back.json()["failed"] == []


@pytest.mark.django_db
def test_ready_probes_the_task_queue_when_tasks_are_queued_in_the_database(client, tmp_path):
    with override_settings(TASKS=QUEUED_TASKS):
        up = client.get("/health/ready/")
        assert up.status_code == 200, up.content
        assert up.json()["checks"]["tasks"]["ok"] is True

        with database_unreachable(tmp_path):
            down = client.get("/health/ready/")
    assert down.status_code == 503
    assert down.json()["failed"] == ["database", "tasks"]


@pytest.mark.django_db
def test_ready_names_the_cache_when_redis_does_not_answer(client):
    with override_settings(CACHES=cache_config("redis://127.0.0.1:1/0")):
        response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


class HangingStorage(FileSystemStorage):
    """A disk that never finishes writing, like a stalled network mount or object store."""

    def _save(self, name, content):
        time.sleep(3)
        return super()._save(name, content)  # type: ignore[misc]  # (FileSystemStorage's own)


@pytest.mark.django_db
def test_a_hanging_dependency_is_cut_off_at_its_timeout(client, settings, tmp_path):
    settings.HEALTH_CHECK_TIMEOUT = 0.3
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tests.site_apps.observability.test_health.HangingStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    started = time.monotonic()
    response = client.get("/health/ready/")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["storage"]
    assert "Timed out after 0.3 seconds" in body["checks"]["storage"]["error"]
    assert elapsed < 2.5, f"the probe waited {elapsed:.1f}s"


@pytest.mark.django_db
def test_probes_leave_no_request_lines_but_a_failing_one_says_what_failed(
    client, json_log, tmp_path
):
    client.get("/health/live/")
    client.get("/health/ready/")
    assert "/health/" not in json_log.text
    assert json_log.lines == []

    with database_unreachable(tmp_path):
        client.get("/health/ready/")
    (line,) = json_log.lines
    assert line["event"] == "readiness_failed"
    assert line["failed"] == ["database"]
    assert line["level"] == "warning"
    assert line["request_id"]


def test_the_container_probe_asks_under_an_allowed_host():
    assert probe.probe_host("www.example.com,example.com") == "www.example.com"
    assert probe.probe_host(".example.com") == "example.com"
    assert probe.probe_host("*") == "localhost"
    assert probe.probe_host("") == "localhost"


def test_the_container_probe_exits_0_when_live_and_1_when_nothing_answers(live_server, monkeypatch):
    monkeypatch.setenv("PORT", str(live_server.url.rsplit(":", 1)[1]))
    monkeypatch.setenv("ALLOWED_HOSTS", "*")
    assert probe.main(["probe", "live"]) == 0
    assert probe.main(["probe", "ready"]) == 0
    assert probe.main(["probe", "nonsense"]) == 2

    monkeypatch.setenv("PORT", str(closed_port()))
    assert probe.main(["probe", "live"]) == 1


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["www.example.com"])
def test_platform_probes_by_ip_address_get_an_answer_and_nothing_else_does(client):
    """Fly.io and Kubernetes probe by the machine's address; pages still refuse that Host."""
    probe_host = {"HTTP_HOST": "172.19.17.130:8000"}
    assert client.get("/health/live/", **probe_host).status_code == 200
    assert client.get("/health/ready/", **probe_host).status_code == 200
    assert client.get("/", **probe_host).status_code == 400
    assert client.get("/health/ready/", HTTP_HOST="www.example.com").status_code == 200
