"""Benchmark (`make bench`): requests per second and latency of the public pages, with the
full-page cache on and off, as a share of the framework's ceiling. A measurement to run by
hand on a quiet machine, not a test:

    make bench        # or: uv run python tests/benchmarks/bench_pages.py --duration 10

It migrates a PostgreSQL database (DATABASE_URL, default cms_bench), loads the demo site,
collects the static files, then starts three gunicorns (2 sync workers each, the production
settings, Redis at REDIS_URL): the site with the page cache on, the site with it off, and the
ceiling app (tests/benchmarks/ceiling.py: one view, a 20 KB page). wrk (`apt-get install wrk`)
measures each target in turn, `--rounds` times, interleaved, so a noisy minute weighs on every
figure alike. Printed per page and mode: requests/s, p50 and p99 latency (ms) and the share of
the ceiling's requests/s measured in the same rounds. The load generator shares the machine
with the servers: figures compare runs on one machine, they are not a capacity.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.benchmarks.bench_api import (
    ACCESS_TOKEN,
    ROOT,
    SETUP,
    ensure_database,
    environment,
    manage,
)

PAGES = {
    "home": "/",
    "blog index": "/blog/",
    "a post": None,  # the newest English post, found after the demo is loaded
    "pricing": "/pricing/",
    "/es/": "/es/",
    "API list": "/api/v1/blog-posts/",
}
NEWEST_POST = (
    "from cms.blog.models import BlogPostPage; "
    "print(BlogPostPage.objects.live().filter(locale__language_code='en')"
    ".order_by('-date', 'pk').first().url)"
)


def gunicorn(app: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "-c", "cms/gunicorn.py"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "2"),
            *("--worker-class", "sync", "--threads", "1", app),
        ],
        cwd=ROOT,
        # Worker recycling off: at these rates it would restart every worker every few seconds.
        env=env
        | {
            "LOG_LEVEL_REQUESTS": "WARNING",
            "GUNICORN_ACCESS_LOG": "false",
            "GUNICORN_MAX_REQUESTS": "0",
        },
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_until_up(url: str, headers: dict[str, str], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, headers=headers, timeout=15).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"no 200 from {url}")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int, headers: dict[str, str]) -> tuple[float, float, float]:
    """requests/s, p50 ms, p99 ms from one `wrk -t2 -c16` run."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url} answered errors under load:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])

    def latency(share: str) -> float:
        found = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        return float(found[1]) * UNITS[found[2]] if found else float("nan")

    return rate, latency("50"), latency("99")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8660, help="three loopback ports from here")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    env = environment(args.port)
    (ROOT / "var").mkdir(exist_ok=True)
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "shell", "-c", SETUP)
    PAGES["a post"] = manage(env, "shell", "-c", NEWEST_POST)
    # A signed-in person's token, not an API key (bench_api.py says why).
    access = manage(env, "shell", "-c", ACCESS_TOKEN)
    api_headers = {"Authorization": f"Bearer {access}"}

    ports = {"cached": args.port, "uncached": args.port + 1, "ceiling": args.port + 2}
    servers = [
        gunicorn("cms.wsgi", ports["cached"], env | {"PAGE_CACHE_ENABLED": "true"},
                 ROOT / "var" / "bench-cached.log"),
        gunicorn("cms.wsgi", ports["uncached"], env | {"PAGE_CACHE_ENABLED": "false"},
                 ROOT / "var" / "bench-uncached.log"),
        gunicorn("tests.benchmarks.ceiling:application", ports["ceiling"], env,
                 ROOT / "var" / "bench-ceiling.log"),
    ]  # fmt: skip
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    try:
        targets: list[tuple[str, str, str | None, dict[str, str]]] = [
            ("ceiling", "20 KB page", "/", {})
        ]
        for mode in ("cached", "uncached"):
            for name, path in PAGES.items():
                headers = api_headers if path.startswith("/api/") else {}
                targets.append((mode, name, path, headers))
        for mode, _name, path, headers in targets:
            url = f"http://127.0.0.1:{ports[mode]}{path}"
            wait_until_up(url, headers)
            for _ in range(20):  # renditions made, caches warm
                requests.get(url, headers=headers, timeout=15)
        for round_number in range(args.rounds):
            print(f"round {round_number + 1} of {args.rounds}...", file=sys.stderr)  # noqa: T201
            for mode, name, path, headers in targets:
                url = f"http://127.0.0.1:{ports[mode]}{path}"
                results.setdefault((mode, name), []).append(wrk(url, args.duration, headers))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)

    ceiling = statistics.median(rate for rate, _p50, _p99 in results[("ceiling", "20 KB page")])
    print(f"\nwrk -t2 -c16, {args.duration} s x {args.rounds} rounds; medians of the rounds")  # noqa: T201
    print(f"{'page':<12} {'mode':<9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ceiling':>8}")  # noqa: T201
    for (mode, name), runs in results.items():
        rate = statistics.median(run[0] for run in runs)
        p50 = statistics.median(run[1] for run in runs)
        p99 = statistics.median(run[2] for run in runs)
        print(  # noqa: T201
            f"{name:<12} {mode:<9} {rate:>8.0f} {p50:>8.1f} {p99:>8.1f} {rate / ceiling:>8.1%}"
        )


if __name__ == "__main__":
    main()
