"""Gunicorn settings for the container; every value can be changed from the environment."""

import os

from site_apps.observability.logging_config import gunicorn_logging_config

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
# No gunicorn access log: the app writes one `request_finished` line per request, with its
# request id, in the same format as every other line (and none for health probes).
accesslog = None
errorlog = "-"
# Gunicorn's own lines (start-up, worker restarts) in the app's format: JSON by default.
logconfig_dict = gunicorn_logging_config(os.environ.get("LOG_FORMAT") or "json")
