"""`make bench` on a new machine: it makes its own database, and a failed step says why."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from django.db import connections

from tests.benchmarks.bench_api import ensure_database, environment, manage


@pytest.fixture
def server_url() -> str:
    settings = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql":
        pytest.skip("the benchmark runs on PostgreSQL (CI has it)")
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    return f"postgres://{settings['USER']}@{host}:{port}"


def test_the_benchmark_database_is_created_when_missing_and_kept_after(server_url):
    name = f"bench_setup_{uuid.uuid4().hex[:8]}"
    url = f"{server_url}/{name}"
    try:
        ensure_database(url)
        ensure_database(url)  # already there: nothing to do, no error
        with psycopg.connect(url, connect_timeout=5) as connection:
            assert connection.execute("SELECT current_database()").fetchone() == (name,)
    finally:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_failed_step_stops_with_the_commands_own_error():
    env = environment(8660) | {"DJANGO_SETTINGS_MODULE": "cms.settings.no_such_settings"}
    with pytest.raises(SystemExit) as stopped:
        manage(env, "migrate", "--noinput", "-v0")
    message = str(stopped.value)
    assert message.startswith("manage.py migrate --noinput -v0 failed:\n")
    assert "No module named 'cms.settings.no_such_settings'" in message
