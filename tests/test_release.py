"""The container's start-up, run directly: no Docker engine is needed to know it works.

Builds static files the way the Dockerfile does, then runs the Dockerfile's own CMD (migrate,
then gunicorn) against a fresh PostgreSQL database with production settings, and asks the
server for the home page and its hashed CSS.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cms.settings.env import BASE_DIR

DOCKERFILE = (BASE_DIR / "Dockerfile").read_text()
ADMIN_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def dockerfile_cmd() -> list[str]:
    match = re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.MULTILINE)
    assert match, "the Dockerfile has a JSON-form CMD"
    return json.loads(match.group(1))


def dockerfile_healthcheck() -> list[str]:
    match = re.search(r"^HEALTHCHECK .*?CMD (\[.*?\])$", DOCKERFILE, re.MULTILINE | re.DOTALL)
    assert match, "the Dockerfile has a JSON-form HEALTHCHECK"
    return json.loads(match.group(1))


def test_dockerfile_copies_only_what_exists_and_drops_root():
    for line in re.findall(r"^COPY (?!--from)(.+) \S+$", DOCKERFILE, re.MULTILINE):
        for source in line.split():
            assert source == "." or (BASE_DIR / source).exists(), f"COPY {source} is missing"
    assert re.search(r"^USER (?!root)\w+", DOCKERFILE, re.MULTILINE)
    assert "DJANGO_SETTINGS_MODULE=cms.settings.production" in DOCKERFILE
    assert "uv sync --frozen --no-dev" in DOCKERFILE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["psql", ADMIN_PG, "-v", "ON_ERROR_STOP=1", "-qc", sql],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def fresh_postgres():
    name = f"release_{secrets.token_hex(4)}"
    try:
        created = psql(f'CREATE DATABASE "{name}"')
    except FileNotFoundError:
        created = None
    if created is None or created.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("CI must check the release steps, but PostgreSQL is not reachable")
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_container_start_up_serves_the_site(fresh_postgres, tmp_path: Path):
    port = free_port()
    env = {
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": fresh_postgres,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "SITE_URL": "https://www.example.com",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "STATIC_ROOT": str(tmp_path / "static"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "INFO",
    }
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stderr

    server = subprocess.Popen(
        dockerfile_cmd(),
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        html = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    assert response.status == 200
                    html = response.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert html, f"the server never answered:\n{server.stdout.read() if server.stdout else ''}"
        css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
        assert css, "production serves hashed static names"
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{css.group(1)}", headers={"X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            assert response.status == 200
            assert "max-age=315360000" in response.headers["Cache-Control"]

        # The Dockerfile's HEALTHCHECK, as Docker would run it inside the container.
        for _ in range(3):
            probe = subprocess.run(
                dockerfile_healthcheck(), cwd=BASE_DIR, env=env, capture_output=True, timeout=30
            )
            assert probe.returncode == 0, probe.stderr
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/health/ready/", headers={"Host": "localhost"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert json.loads(response.read())["status"] == "ok"
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0] or ""

    # After migrate's own report, every line is JSON: gunicorn's too; one line per request
    # with its request id (static files are WhiteNoise's, before logging), none for probes.
    served = output[output.index('{"event": "Starting gunicorn') :]
    records = [json.loads(line) for line in served.splitlines() if line.strip()]
    finished = [r for r in records if r["event"] == "request_finished"]
    assert [r["request"] for r in finished] == ["GET /"]
    assert all(len(r["request_id"]) == 32 for r in finished)
    assert "/health/" not in served
