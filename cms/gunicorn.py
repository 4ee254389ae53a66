"""Gunicorn's settings, for the image (`python -m cms.entrypoint web`) and for anyone running
`gunicorn --config cms/gunicorn.py cms.wsgi` (the benchmarks do). Read from the environment:

| variable | default | what |
|---|---|---|
| `PORT` | 8000 | port to listen on, on every interface (platforms set it) |
| `WEB_CONCURRENCY` | 2 | worker processes: about one per CPU core |
| `GUNICORN_THREADS` | 4 | threads per worker (gthread): requests served at once per process |
| `GUNICORN_TIMEOUT` | 30 | seconds a request may take before its worker is restarted |
| `GUNICORN_GRACEFUL_TIMEOUT` | 25 | on SIGTERM, seconds in-flight requests get to finish |
| `GUNICORN_KEEPALIVE` | 5 | seconds an idle keep-alive connection stays open |
| `GUNICORN_MAX_REQUESTS` | 2000 | requests before a worker is replaced (0: never) |
| `GUNICORN_ACCESS_LOG` | true | one JSON `access` line per request (status, bytes, duration) |
| `FORWARDED_ALLOW_IPS` | * | proxies trusted for X-Forwarded-* (the platform's proxy) |
| `LOG_FORMAT` | json | json or console, as the app's own lines |

Any other gunicorn option: `GUNICORN_CMD_ARGS`, e.g. `--bind 127.0.0.1:8000`.

SIGTERM (what Docker, Fly, Render and Kubernetes send) is a graceful stop: gunicorn stops
accepting connections, lets in-flight requests finish for up to GUNICORN_GRACEFUL_TIMEOUT
seconds, and exits 0. Keep that below the platform's kill timeout (30 s in compose.yaml,
fly.toml, Render and Kubernetes' default). tests/delivery/test_release.py checks it.
"""

import os
from pathlib import Path

from site_apps.observability.logging_config import gunicorn_logging_config


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = f"0.0.0.0:{os.environ.get('PORT') or '8000'}"
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 25)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "*"
# No control socket ($HOME/.gunicorn/gunicorn.ctl, gunicorn 25+): the platform manages the
# process, the image's user has no home to put it in, and two servers on one machine (the
# scale-out test, benchmarks) would fight over the one path.
control_socket_disable = True
# Workers' heartbeat files in memory: a container's disk can stall under load (gunicorn's docs).
if Path("/dev/shm").is_dir():  # noqa: S108 - gunicorn's heartbeat, not a temporary file
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# Every line gunicorn writes goes through the app's formatter: JSON by default. The access log
# is one `access` line per request with its request id, beside the app's own `request_finished`
# (which says who and which team); health probes are left out.
json_access_log = (os.environ.get("GUNICORN_ACCESS_LOG") or "true").lower() in ("1", "true", "on")
logconfig_dict = gunicorn_logging_config(
    os.environ.get("LOG_FORMAT") or "json", access_log=json_access_log
)
if json_access_log:
    logger_class = "site_apps.observability.access_log.GunicornAccessLogger"
accesslog = None
errorlog = "-"
