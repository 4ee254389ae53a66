"""The image's commands, run directly: no Docker engine is needed to know they work.

One fresh PostgreSQL database, Redis and a local S3 server (moto's) stand in for a platform's.
The module runs the image's `release` step once (migrate, collectstatic), then starts what a
scaled-out deployment runs: two `web` servers (A and B) and a `worker`, side by side. Then:

- A answers what a visitor, a load balancer and Docker's HEALTHCHECK ask, in JSON log lines;
- no state lives in one server: sessions, caches, the task queue and storage are shared;
- B is stopped as a rolling deploy stops it, with a slow request in flight: the request
  completes, gunicorn exits 0 within its grace period, and A goes on serving.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import pytest
import redis

from cms.settings.env import BASE_DIR
from tests.delivery.dockerfile import Dockerfile

HOST = "www.example.com"
ORIGIN = f"https://{HOST}"
EDITOR_EMAIL = "editor@example.com"
# gunicorn's grace period in these tests: under the 30 s every template gives it, with room
# for a loaded CI machine (the drain itself takes about a second).
GRACE_SECONDS = 20
# The image's commands, as its Dockerfile gives them: ENTRYPOINT + a word.
ENTRYPOINT = Dockerfile.read().entrypoint


def command(*words: str) -> list[str]:
    """The image's ENTRYPOINT with these words, run by this interpreter (the image's python)."""
    program, *rest = ENTRYPOINT
    assert program == "python"
    return [sys.executable, *rest, *words]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check: Callable[[], object], *, seconds: float, what: str) -> object:
    """Poll `check` until it returns something true; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {seconds:.0f}s")
        time.sleep(0.1)


# --- The platform: PostgreSQL, Redis, S3 -----------------------------------------------------


def _required(what: str, error: Exception) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must check the release steps, but {what} is not reachable: {error}")
    pytest.skip(f"{what} is not reachable: {error}")


def _postgres_server() -> str:
    """The PostgreSQL server of the test run (DATABASE_URL's), without a database name."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url.rsplit("/", 1)[0]


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    server = _postgres_server()
    name = f"release_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        _required("PostgreSQL", error)
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        _required("Redis", error)
    return url


@pytest.fixture(scope="module")
def s3() -> Iterator[dict[str, str]]:
    """moto's S3 server on loopback, with the uploads bucket; the storage settings for it."""
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's server logs each call
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    settings = {
        "AWS_STORAGE_BUCKET_NAME": "lumen-media",
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    boto3.client(
        "s3",
        endpoint_url=settings["AWS_S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket="lumen-media")
    yield settings
    server.stop()


@pytest.fixture(scope="module")
def environment(database, redis_url, s3, tmp_path_factory) -> dict[str, str]:
    """What a platform gives every process of the app: production settings, real services."""
    scratch = tmp_path_factory.mktemp("release")
    return {
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "HOME": str(scratch),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_READ_DOT_ENV": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": ORIGIN,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"release-{secrets.token_hex(4)}",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "TASKS_BACKEND": "database",
        "STATIC_ROOT": str(scratch / "static"),
        "LOG_LEVEL": "INFO",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "4",
        "GUNICORN_GRACEFUL_TIMEOUT": str(GRACE_SECONDS),
        **s3,
    }


@pytest.fixture(scope="module")
def released(environment) -> dict[str, str]:
    """The release step, once for the module: what Fly's release_command, Render's
    preDeployCommand and compose's `release` service run before a version takes traffic."""
    release = subprocess.run(
        command("release"),
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert release.returncode == 0, release.stdout + release.stderr
    assert "Applying wagtailcore" in release.stdout, "migrate ran on the fresh database"
    assert (Path(environment["STATIC_ROOT"]) / "staticfiles.json").is_file(), "collectstatic ran"
    return environment


def manage_shell(environment: dict[str, str], code: str) -> str:
    """Run Python in `manage.py shell` with the servers' environment; its printed output."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


# --- The processes ---------------------------------------------------------------------------


@dataclass
class Process:
    """One of the image's processes (`web` or `worker`), its output kept in a file."""

    name: str
    words: list[str]
    environment: dict[str, str]
    log_dir: Path
    port: int = 0
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        env = dict(self.environment)
        if self.port:
            env["GUNICORN_CMD_ARGS"] = f"--bind 127.0.0.1:{self.port}"
        self.log = self.log_dir / f"{self.name}.log"
        with self.log.open("wb") as out:
            self.popen = subprocess.Popen(
                command(*self.words), cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_serving(self) -> None:
        def answers() -> bool:
            assert self.popen is not None
            assert self.popen.poll() is None, f"{self.name} exited:\n{self.output()}"
            try:
                return Browser(self).get("/health/live/").status == 200
            except OSError:
                return False

        wait_until(answers, seconds=180, what=f"{self.name} to serve")

    def stop(self) -> int | None:
        if self.popen is None or self.popen.poll() is not None:
            return None if self.popen is None else self.popen.returncode
        self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=GRACE_SECONDS + 20)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            return self.popen.wait()

    def json_lines(self) -> list[dict]:
        """Its log lines after gunicorn started: every one must be a JSON object."""
        output = self.output()
        served = output[output.index('{"event": "Starting gunicorn') :]
        return [json.loads(line) for line in served.splitlines() if line.strip()]


@dataclass
class Cluster:
    a: Process
    b: Process
    worker: Process
    environment: dict[str, str]
    editor_password: str
    about_pk: str


@pytest.fixture(scope="module")
def cluster(released, tmp_path_factory) -> Iterator[Cluster]:
    """Two web servers and a worker on the released project, started together, with the
    content the tests use made meanwhile."""
    logs = tmp_path_factory.mktemp("processes")
    a = Process("a", ["web"], released, logs, port=free_port()).start()
    b = Process("b", ["web"], released, logs, port=free_port()).start()
    polling = ["--interval", "0.2", "--no-startup-delay"]
    worker = Process("worker", ["worker", *polling], released, logs).start()
    try:
        password = secrets.token_urlsafe(16)
        about_pk = manage_shell(released, site_with_a_menu_and_a_draft(password))
        a.wait_until_serving()
        b.wait_until_serving()
        yield Cluster(a, b, worker, released, password, about_pk)
    finally:
        for process in (a, b, worker):
            process.stop()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str


@dataclass
class Browser:
    """A visitor behind the site's TLS proxy: https as far as the app knows, cookies kept
    across servers as a load balancer in front of several would have them."""

    server: Process
    cookies: dict[str, str] = field(default_factory=dict)

    def on(self, server: Process) -> Browser:
        """The same visitor, their next request sent to another server."""
        return Browser(server, self.cookies)

    def headers(self, **extra: str) -> dict[str, str]:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", **extra}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def request(self, method: str, path: str, body: str = "", **headers: str) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        try:
            connection.request(method, path, body=body or None, headers=self.headers(**headers))
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read().decode())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> Response:
        data = {"csrfmiddlewaretoken": self.cookies["csrftoken"], **data}
        return self.request(
            "POST",
            path,
            urllib.parse.urlencode(data),
            **{"Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN},
        )

    def sign_in(self, email: str, password: str) -> None:
        assert self.get("/accounts/login/").status == 200  # sets the CSRF cookie
        response = self.post("/accounts/login/", {"login": email, "password": password})
        assert response.status == 302, response.body[:2000]
        assert "sessionid" in self.cookies


# --- What the project holds -----------------------------------------------------------------


def create_editor(password: str, email: str = EDITOR_EMAIL) -> str:
    return f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_superuser(email={email!r}, password={password!r})
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


def site_with_a_menu_and_a_draft(password: str) -> str:
    """An editor; an About page linked from the main menu; a draft that renames its slug."""
    return (
        create_editor(password)
        + """
from wagtail.models import Locale, Page
from cms.navigation.models import MainMenu
from cms.pages.models import StandardPage
home = Page.objects.get(depth=2)
about = home.add_child(instance=StandardPage(title="About", slug="about"))
MainMenu.objects.create(
    locale=Locale.get_default(),
    links=[("link", {"label": "About us", "page": about, "url": ""})],
)
about.slug = "about-lumen"
about.save_revision(user=user)
print(about.pk)
"""
    )


def usage_rows(database: str) -> list[tuple[str, str, int]]:
    with psycopg.connect(database, connect_timeout=5) as connection:
        return connection.execute(
            "SELECT endpoint, status_class, count FROM api_dailyusage"
        ).fetchall()


# --- One server: pages, static files, probes, logs -------------------------------------------


def test_a_server_serves_pages_static_files_probes_and_json_logs(cluster):
    web = cluster.a
    visitor = Browser(web)
    home = visitor.get("/")
    assert home.status == 200
    css = re.search(r'data-whole-css="(/static/css/site\.[0-9a-f]{12}\.css)"', home.body)
    assert css, "production serves hashed static names"
    stylesheet = visitor.get(css.group(1))
    assert stylesheet.status == 200
    assert "max-age=315360000" in stylesheet.headers["Cache-Control"]
    # The page's own rules (cms/theme/page_css.py), made by whichever server is asked.
    own = re.search(r'href="(/theme/css/[^"]+)"', home.body)
    assert own
    for server in (cluster.a, cluster.b):
        rules = Browser(server).get(own.group(1))
        assert rules.status == 200
        assert "immutable" in rules.headers["Cache-Control"]
        assert "[data-theme=" in rules.body

    # A platform's readiness probe, by IP address as Fly and Kubernetes send it: every
    # dependency answers, storage (S3) included.
    ready = visitor.request("GET", "/health/ready/", Host=f"10.0.0.7:{web.port}")
    assert ready.status == 200, ready.body
    assert json.loads(ready.body)["checks"]["storage"]["ok"] is True
    # The Dockerfile's HEALTHCHECK, as Docker runs it inside the container.
    probe = subprocess.run(
        Dockerfile.read().healthcheck,
        cwd=BASE_DIR,
        env={**web.environment, "PORT": str(web.port)},
        capture_output=True,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr

    # Every line is JSON: gunicorn's own, and for each request the app's `request_started` and
    # `request_finished` and gunicorn's `access` line, joined by the request id (a static file
    # gets the access line only); nothing about health probes.
    def logged() -> list[dict]:
        records = web.json_lines()
        return records if any(r.get("path") == css.group(1) for r in records) else []

    records: list[dict] = wait_until(logged, seconds=10, what="the access lines")  # type: ignore[assignment]
    ids = {home.headers["X-Request-ID"], stylesheet.headers["X-Request-ID"]}
    mine = [r for r in records if r.get("request_id") in ids]
    assert sorted((r["event"], r.get("path") or r.get("request")) for r in mine) == [
        ("access", "/"),
        ("access", css.group(1)),
        ("request_finished", "GET /"),
        ("request_started", "GET /"),
    ]
    access = {r["path"]: r for r in mine if r["event"] == "access"}
    assert access["/"]["status"] == 200
    assert access["/"]["duration_ms"] > 0
    assert access[css.group(1)]["bytes"] > 10_000
    assert not [r for r in records if "/health/" in json.dumps(r)]


# --- Scale-out: two servers, one worker, nothing kept in a server ---------------------------


def test_two_servers_share_sessions_caches_the_task_queue_and_storage(cluster):
    a, b = cluster.a, cluster.b
    visitor = Browser(a)

    # Caches: both servers render (and cache) the menu as it is.
    for server in (a, b):
        assert 'href="/about/"' in visitor.on(server).get("/").body

    # Sessions: signed in on A, still signed in on B.
    editor = Browser(a)
    editor.sign_in(EDITOR_EMAIL, cluster.editor_password)
    assert editor.on(b).get("/admin/").status == 200, "B knows the session A started"

    # The editor publishes the draft on B; A's next page shows the menu's new link at once.
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={cluster.about_pk}&next=/admin/"
    assert editor.on(b).get(publish).status == 200
    assert editor.on(b).post(publish, {}).status == 302
    assert 'href="/about-lumen/"' in visitor.on(a).get("/").body, "A's cached menu was dropped"
    assert visitor.on(a).get("/about-lumen/").status == 200

    # The queue: an API call on A is counted in the shared cache; the flush it queues runs in
    # the worker, which writes the count to the database.
    database = cluster.environment["DATABASE_URL"]
    assert editor.on(a).get("/api/v1/me/").status == 200
    wait_until(lambda: usage_rows(database), seconds=60, what="the worker to flush the usage")
    assert usage_rows(database) == [("GET /me/", "2xx", 1)]

    # Storage: both servers write to and read from the same bucket.
    for server in (a, b):
        ready = json.loads(visitor.on(server).get("/health/ready/").body)
        assert ready["checks"]["storage"]["ok"] is True, ready


TEAM_WITH_A_KEY = f"""
from django.contrib.auth import get_user_model
from site_apps.api.services import issue_key
from site_apps.teams.services import create_team
owner = get_user_model().objects.get(email="{EDITOR_EMAIL}")
team = create_team(owner, name="Files Co")
print(team.slug, issue_key(owner, team=team, name="release")[1])
"""


def test_a_file_uploaded_on_one_server_is_served_by_the_other(cluster):
    """A team uploads a file through A's API; B hands out its presigned link, and the link
    reads the same bytes from the shared bucket (moto's S3 server)."""
    slug, secret = manage_shell(cluster.environment, TEAM_WITH_A_KEY).split()
    client = Browser(cluster.a)
    content = "city,people\nTunis,638845\n"
    boundary = secrets.token_hex(8)
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="cities.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
        f"{content}\r\n--{boundary}--\r\n"
    )
    files = f"/api/v1/teams/{slug}/files/"
    key = {"Authorization": f"Api-Key {secret}"}
    made = client.request(
        "POST", files, body, **key, **{"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    assert made.status == 201, made.body
    link = client.on(cluster.b).request(
        "GET", f"{files}{json.loads(made.body)['id']}/download-url/", **key
    )
    assert link.status == 200, link.body
    url = json.loads(link.body)["url"]
    assert url.startswith(cluster.environment["AWS_S3_ENDPOINT_URL"]), "a presigned S3 link"
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - moto on loopback
        assert response.read().decode() == content
        assert response.headers["Content-Disposition"].startswith("attachment;")


# --- A rolling deploy stops B: in-flight requests finish, A goes on -------------------------


def test_sigterm_lets_a_slow_request_finish_and_exits_0_within_the_grace_period(cluster):
    web = cluster.b
    visitor = Browser(web)
    assert visitor.get("/accounts/login/").status == 200

    # A visitor on a slow line: the sign-in form's body arrives in two parts.
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": visitor.cookies["csrftoken"],
            "login": EDITOR_EMAIL,
            "password": cluster.editor_password,
        }
    ).encode()
    headers = visitor.headers(
        **{"Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN}
    )
    head = f"POST /accounts/login/ HTTP/1.1\r\nContent-Length: {len(body)}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    with socket.create_connection(("127.0.0.1", web.port), timeout=60) as slow:
        slow.sendall(head.encode() + b"\r\n" + body[:20])
        # The app has the request (its first log line is written) and waits for the rest.
        wait_until(
            lambda: any(
                '"request_started"' in line and "POST /accounts/login/" in line
                for line in web.output().splitlines()
            ),
            seconds=30,
            what="the slow request to reach the app",
        )
        assert web.popen is not None
        web.popen.send_signal(signal.SIGTERM)
        stopped_at = time.monotonic()
        wait_until(
            lambda: "Handling signal: term" in web.output(), seconds=10, what="gunicorn to stop"
        )
        slow.sendall(body[20:])
        answer = b""
        while chunk := slow.recv(65536):
            answer += chunk

    assert answer.split(b"\r\n", 1)[0] == b"HTTP/1.1 302 Found", answer[:500]
    assert b"sessionid=" in answer, "the sign-in completed: its session was saved"
    assert web.popen.wait(timeout=GRACE_SECONDS + 20) == 0
    assert time.monotonic() - stopped_at < GRACE_SECONDS
    assert "was terminated due to signal" not in web.output(), "no worker had to be killed"
    # The other server never noticed.
    assert Browser(cluster.a).get("/").status == 200
