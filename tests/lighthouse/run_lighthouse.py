"""Lighthouse (mobile) against the site served the way production serves it.

Creates a fresh PostgreSQL database, migrates it and loads the demo content, collects hashed
and compressed static files, starts gunicorn with production settings (DEBUG off, WhiteNoise),
then runs Lighthouse on every page type (home, about, pricing, blog index, a blog post, contact,
and the Spanish home),
each in the light and the dark theme (Chromium's `--force-dark-mode`: the site follows
`prefers-color-scheme`), and prints the four scores and every failed audit. Fails (exit 1) below
100 in any category or on any failed audit (the issue's bar: 100/100/100/100, no failed audit).

    make lighthouse            # or: uv run python tests/lighthouse/run_lighthouse.py [page...]

By default Lighthouse asks gunicorn directly, over plain HTTP/1.1. `LIGHTHOUSE_FRONT=caddy`
puts Caddy in front, over HTTPS and HTTP/2, as `compose.production.yaml` serves the site
(Render and Fly.io put their own HTTP/2 front in the same place): Lighthouse's network
simulation models the two protocols differently (one shared connection for HTTP/2, six for
HTTP/1.1), and the HTTPS-only parts of production (the redirect, HSTS, secure cookies) are on.
The certificate is made for the run and trusted by its key's fingerprint alone
(`--ignore-certificate-errors-spki-list`). On one two-core machine Caddy's TLS work shares the
cores with the browser it measures, which a visitor's phone never does: docs/performance.md
has both measured.

Environment: LIGHTHOUSE_DATABASE (default lumen_lighthouse) on the PostgreSQL server at
LIGHTHOUSE_PG (default postgres://postgres@127.0.0.1:5432), REDIS_URL, LIGHTHOUSE_PORT
(default 8150: gunicorn; Caddy listens on the next port), LIGHTHOUSE_FRONT (none or caddy),
CHROME_PATH (default /usr/bin/chromium). Reports land in var/lighthouse/.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import ipaddress
import json
import os
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

from tests.browser.chromium import CHROMIUM_FLAGS  # noqa: E402 - after the path is set

HERE = Path(__file__).resolve().parent
REPORTS = ROOT / "var" / "lighthouse"
PAGES = {
    "home": "/",
    "about": "/about/",
    "pricing": "/pricing/",
    "blog index": "/blog/",
    "blog post": "/blog/seven-themes-with-dark-mode/",
    "contact": "/contact/",
    "home (es)": "/es/",
}
SCHEMES = {"light": [], "dark": ["--force-dark-mode"]}
TARGETS = {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100}
# Issue 17's bar for the page's speed itself: largest contentful paint and total blocking time.
LCP_MS, TBT_MS = 1200, 0
# Headless, plus the same flags the browser tests use (no sandbox, no background traffic).
CHROME_FLAGS = ["--headless=new", *CHROMIUM_FLAGS]


def run(command: list[str], env: dict[str, str], **kwargs) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def psql(server: str, sql: str) -> None:
    subprocess.run(
        ["psql", f"{server}/postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
        check=True,
        capture_output=True,
    )


def certificate(folder: Path) -> tuple[Path, Path, str]:
    """A certificate for localhost, made for this run: its files and the base64 SHA-256 of its
    public key, which Chromium is told to trust."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return cert_file, key_file, base64.b64encode(hashlib.sha256(spki).digest()).decode()


def start_caddy(folder: Path, port: int, upstream: int) -> tuple[subprocess.Popen, str, Path]:
    """Caddy in front of gunicorn, as compose.yaml's proxy: HTTPS and HTTP/2 on `port`."""
    binary = shutil.which("caddy")
    if binary is None:
        raise SystemExit(
            "LIGHTHOUSE_FRONT=caddy needs Caddy: apt-get install caddy (Debian), or leave "
            "LIGHTHOUSE_FRONT unset to measure gunicorn directly"
        )
    cert_file, key_file, spki = certificate(folder)
    config = folder / "Caddyfile"
    # HTTP/3 is left out: Chromium runs with --disable-quic, and Lighthouse's simulation models
    # HTTP/1.1 and HTTP/2 connections only.
    config.write_text(
        "{\n"
        "\tadmin off\n"
        "\tauto_https off\n"
        "\tservers {\n\t\tprotocols h1 h2\n\t}\n"
        "}\n"
        f"https://localhost:{port} {{\n"
        f"\ttls {cert_file} {key_file}\n"
        f"\treverse_proxy 127.0.0.1:{upstream}\n"
        "}\n"
    )
    env = {
        **os.environ,
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
    }
    log = folder / "caddy.log"
    caddy = subprocess.Popen(
        [binary, "run", "--config", str(config), "--adapter", "caddyfile"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    time.sleep(1)
    if caddy.poll() is not None:
        raise SystemExit(f"Caddy did not start:\n{log.read_text()[-2000:]}")
    return caddy, f"--ignore-certificate-errors-spki-list={spki}", cert_file


def wait_for(url: str, seconds: int = 300, cafile: Path | None = None) -> None:
    # A page's first request makes its image renditions (AVIF is slow): on a busy machine that
    # takes longer than a few seconds, and a retry would only make the same renditions again.
    context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # Our own local server, asked for a compressed page as a browser asks for one.
            asked = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, br"})  # noqa: S310
            with urllib.request.urlopen(asked, timeout=120, context=context) as answer:  # noqa: S310
                answer.read()
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} never answered")


def failed_audits(result: dict) -> list[str]:
    """Audits that count towards a category and did not pass (Lighthouse's own rule: a metric
    passes from 0.9, anything else only at 1)."""
    counted = {
        ref["id"] for category in result["categories"].values() for ref in category["auditRefs"]
    }
    failed = []
    for audit_id in sorted(counted):
        audit = result["audits"][audit_id]
        score = audit.get("score")
        if score is None or audit.get("scoreDisplayMode") in (
            "notApplicable",
            "manual",
            "informative",
        ):
            continue
        if score < (
            0.9
            if audit.get("scoreDisplayMode") == "metricSavings" or "numericValue" in audit
            else 1
        ):
            failed.append(audit_id)
    return failed


def lighthouse(
    url: str, report: Path, chrome: str, flags: list[str]
) -> tuple[dict[str, int], list[str]]:
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        run(["npm", "ci", "--no-audit", "--no-fund"], os.environ.copy(), stdout=subprocess.DEVNULL)
    env = {**os.environ, "CHROME_PATH": chrome}
    for attempt in (1, 2):  # Lighthouse now and then loses the trace (NO_NAVSTART): once more
        finished = subprocess.run(
            [
                str(binary),
                url,
                "--form-factor=mobile",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                f"--chrome-flags={' '.join([*CHROME_FLAGS, *flags])}",
            ],
            cwd=HERE,
            env=env,
            check=attempt == 2,
        )
        if finished.returncode == 0:
            break
    result = json.loads(report.read_text())
    categories = result["categories"]
    scores = {name: round((categories[name]["score"] or 0) * 100) for name in TARGETS}
    audits = failed_audits(result)
    lcp = result["audits"]["largest-contentful-paint"]["numericValue"]
    tbt = result["audits"]["total-blocking-time"]["numericValue"]
    if lcp > LCP_MS:
        audits.append(f"LCP {lcp:.0f} ms > {LCP_MS}")
    if tbt > TBT_MS:
        audits.append(f"TBT {tbt:.1f} ms > {TBT_MS}")
    return {**scores, "lcp ms": round(lcp), "tbt ms": round(tbt)}, audits


def main() -> int:
    port = int(os.environ.get("LIGHTHOUSE_PORT", "8150"))
    server = os.environ.get("LIGHTHOUSE_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    database = os.environ.get("LIGHTHOUSE_DATABASE", "lumen_lighthouse")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    front = os.environ.get("LIGHTHOUSE_FRONT", "none")
    if front not in ("caddy", "none"):
        raise SystemExit(f"LIGHTHOUSE_FRONT is {front!r}: none or caddy")
    base = f"http://127.0.0.1:{port}"
    REPORTS.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    env = {
        **os.environ,
        "DJANGO_READ_DOT_ENV": "0",
        "DATABASE_URL": f"{server}/{database}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "MEDIA_ROOT": str(scratch / "media"),
        "STATIC_ROOT": str(scratch / "static"),
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }
    psql(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    psql(server, f'CREATE DATABASE "{database}"')
    gunicorn = caddy = None
    try:
        # Content is loaded with the development settings, whose Site record then names this
        # server's own address (canonical URLs and the sitemap use it).
        setup = {**env, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "SITE_URL": base}
        run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], setup)
        run([sys.executable, "manage.py", "load_demo"], setup, stdout=subprocess.DEVNULL)
        production = {
            **env,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "https://lumen.example",
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "SERVE_MEDIA": "true",
            "PORT": str(port),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_ACCESS_LOG": "false",
        }
        if front == "none":  # plain HTTP straight to gunicorn: no HTTPS redirect, no HSTS
            production |= {"SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0"}
        run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], production)
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "cms/gunicorn.py",
                "cms.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=production,
        )
        chrome_flags, cafile = [], None
        if front == "caddy":
            caddy, trust, cafile = start_caddy(scratch, port + 1, port)
            chrome_flags.append(trust)
            base = f"https://localhost:{port + 1}"
        wait_for(f"{base}/", cafile=cafile)
        # Make the image renditions before measuring, and warm both gunicorn workers: a
        # worker's first answer of a page (its memory of the page cache empty) once took 400 ms,
        # which Lighthouse's simulation then charges to every request as server time.
        for path in PAGES.values():
            for _ in range(4):
                wait_for(f"{base}{path}", cafile=cafile)
        results = {}
        chosen = {n: p for n, p in PAGES.items() if not sys.argv[1:] or n in sys.argv[1:]}
        for name, path in chosen.items():
            for scheme, flags in SCHEMES.items():
                report = REPORTS / f"{name.replace(' ', '-')}-{scheme}.json"
                results[f"{name} ({scheme})"] = lighthouse(
                    f"{base}{path}", report, chrome, [*chrome_flags, *flags]
                )
    finally:
        for process in (caddy, gunicorn):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        psql(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    columns = [*TARGETS, "lcp ms", "tbt ms"]
    lines = [f"{'page':<20}" + "".join(f"{c:>16}" for c in columns) + "  failed audits"]
    failed = False
    for name, (scores, audits) in results.items():
        cells = ""
        for category, score in scores.items():
            ok = category not in TARGETS or score >= TARGETS[category]
            failed |= not ok
            cells += f"{score:>15}{' ' if ok else '!'}"
        failed |= bool(audits)
        lines.append(f"{name:<20}{cells}  {', '.join(audits) or '-'}")
    targets = ", ".join(f"{c} >= {t}" for c, t in TARGETS.items())
    targets += f", LCP <= {LCP_MS} ms, TBT <= {TBT_MS} ms"
    lines.append(f"targets: {targets}; reports in {REPORTS}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
