"""Benchmark: requests per second and latency percentiles of an API list endpoint, under
gunicorn on loopback, with the production settings on PostgreSQL and Redis. A measurement to
run by hand, not a test:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cms_bench REDIS_URL=redis://127.0.0.1:6379/12 \\
        uv run python tests/benchmarks/bench_api.py --requests 3000 --concurrency 8

It creates that database if the server lacks it, migrates it, makes a team of 25 members,
starts gunicorn (the container's config: 2 workers x 4 threads) on 127.0.0.1:PORT, warms up,
then sends the requests from `--concurrency` threads with keep-alive and prints the figures;
any answer other than 200 stops it instead. The requests carry the team owner's access token
(a signed-in person, `Authorization: Bearer`), with `API_RATE_USER` raised for the run: an
API key is held to its team plan's rate (60 to 1,200 a minute, billing/plans.py),
which the benchmark would pass in a second and then measure 429s. The load generator shares
the machine with the server, so figures are a floor, comparable run to run.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
SETUP = """
from site_apps.accounts.models import User
from site_apps.teams.models import Membership, Role, Team
team, _ = Team.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
for n in range(25):
    user, _ = User.objects.get_or_create(email=f"bench{n}@example.com")
    Membership.objects.get_or_create(
        team=team, user=user, defaults={"role": Role.OWNER if n == 0 else Role.MEMBER}
    )
"""
# The team owner's access token: a signed-in person, whose rate is the site's API_RATE_USER
# (raised by `environment()`), not an API key held to its team plan's rate.
ACCESS_TOKEN = (
    "from site_apps.accounts.models import User; "
    "from site_apps.api.tokens import RefreshToken; "
    "print(RefreshToken.for_user(User.objects.get(email='bench0@example.com')).access_token)"
)


def environment(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cms_bench")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/12")
    env |= {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_READ_DOT_ENV": "0",
        "SECRET_KEY": "bench-only-" + "x1y2z3" * 10,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://bench.example.com",
        "EMAIL_URL": "smtp://127.0.0.1:2525",
        "SECURE_SSL_REDIRECT": "false",
        "API_RATE_USER": "10000000/min",
        "PORT": str(port),
    }
    return env


def ensure_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when this server does not have it yet (a new
    machine): `migrate` would only say that it does not exist."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not parts.scheme.startswith("postgres") or not name:
        return
    server = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if found.fetchone() is None:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"Created the PostgreSQL database {name}.", file=sys.stderr)  # noqa: T201
    except psycopg.Error as error:
        where = parts.hostname or "localhost"
        raise SystemExit(
            f"PostgreSQL at {where}:{parts.port or 5432} (DATABASE_URL) refused the benchmark: "
            f"{str(error).strip()}"
        ) from None


def manage(env: dict[str, str], *args: str) -> str:
    """Run a management command; on failure stop with its own output, not a bare exit status."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        said = (result.stderr or result.stdout).strip().splitlines()[-15:]
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n" + "\n".join(said))
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=15)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url}")


def run(url: str, token: str, total: int, concurrency: int) -> tuple[list[float], float]:
    latencies: list[float] = []
    failures: collections.Counter[int] = collections.Counter()
    lock = threading.Lock()
    per_thread = total // concurrency

    def worker() -> None:
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {token}"
            mine: list[float] = []
            bad: collections.Counter[int] = collections.Counter()
            for _ in range(per_thread):
                started = time.perf_counter()
                response = session.get(url, timeout=10)
                mine.append(time.perf_counter() - started)
                if response.status_code != 200:
                    bad[response.status_code] += 1
        with lock:
            latencies.extend(mine)
            failures.update(bad)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        answers = ", ".join(f"{count} x {status}" for status, count in sorted(failures.items()))
        raise SystemExit(f"{url} answered other than 200 under load ({answers}): no figures")
    return latencies, elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8650, help="loopback port (8600-8699)")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args()

    env = environment(args.port)
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-c", SETUP)
    token = manage(env, "shell", "-c", ACCESS_TOKEN)
    url = f"http://127.0.0.1:{args.port}/api/v1/teams/bench/memberships/"
    log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "cms/gunicorn.py",
            "--bind",
            f"127.0.0.1:{args.port}",
            "cms.wsgi",
        ],
        cwd=ROOT,
        env=env | {"LOG_LEVEL_REQUESTS": "WARNING"},
        stdout=log,
        stderr=log,
    )
    try:
        wait_until_up(url)
        run(url, token, args.warmup, args.concurrency)
        latencies, elapsed = run(url, token, args.requests, args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    done = len(latencies)
    print(f"GET {url.removeprefix(f'http://127.0.0.1:{args.port}')} as the team's owner")  # noqa: T201
    print(  # noqa: T201
        f"{done} requests, {args.concurrency} client threads, all 200\n"
        f"throughput: {done / elapsed:.0f} requests/s\n"
        f"latency ms: p50 {percentile(latencies, 0.50) * 1000:.1f}  "
        f"p90 {percentile(latencies, 0.90) * 1000:.1f}  "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f}  "
        f"max {max(latencies) * 1000:.1f}  mean {statistics.mean(latencies) * 1000:.1f}"
    )


if __name__ == "__main__":
    main()
