"""`make bench` on a new machine: it makes its own database, and a failed step says why."""

from __future__ import annotations

import threading
import uuid
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import psycopg
import pytest
from django.db import connections

from tests.benchmarks.bench_api import ensure_database, environment, manage, run


@pytest.fixture
def server_url() -> str:
    settings = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql":
        pytest.skip("the benchmark runs on PostgreSQL (CI has it)")
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    return f"postgres://{quote(settings['USER'], safe='')}{password}@{host}:{port}"


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


def test_a_server_that_cannot_be_reached_is_named_not_a_traceback():
    with pytest.raises(SystemExit) as stopped:
        ensure_database("postgres://postgres@127.0.0.1:1/cms_bench")
    assert str(stopped.value).startswith(
        "PostgreSQL at 127.0.0.1:1 (DATABASE_URL) refused the benchmark: "
    )


def test_a_failed_step_stops_with_the_commands_own_error():
    env = environment(8660) | {"DJANGO_SETTINGS_MODULE": "cms.settings.no_such_settings"}
    with pytest.raises(SystemExit) as stopped:
        manage(env, "migrate", "--noinput", "-v0")
    message = str(stopped.value)
    assert message.startswith("manage.py migrate --noinput -v0 failed:\n")
    assert "No module named 'cms.settings.no_such_settings'" in message


def test_answers_other_than_200_stop_the_benchmark_instead_of_being_measured():
    """A key's plan rate once made every request a 429, and the figures were of those."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/no-such-file"
    try:
        with pytest.raises(SystemExit) as stopped:
            run(url, "token", total=8, concurrency=2)
    finally:
        server.shutdown()
        server.server_close()
    assert str(stopped.value) == f"{url} answered other than 200 under load (8 x 404): no figures"
