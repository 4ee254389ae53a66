"""Gunicorn's access log as structured events, rendered by the app's formatter (JSON lines).

cms/gunicorn.py names `GunicornAccessLogger` as gunicorn's `logger_class` (GUNICORN_ACCESS_LOG,
on by default). Kept apart from logging_config.py so Django processes never import gunicorn.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import structlog
from gunicorn.glogging import Logger

from cms.settings.env import env
from site_apps.observability.probe import HEALTH_PATH_PREFIX

access_log = structlog.get_logger("gunicorn.access")
LOG_CLIENT_IP = env.bool("LOG_CLIENT_IP", default=False)


class GunicornAccessLogger(Logger):
    """One `access` line per request gunicorn answers, static files included.

    It has the method, the path (without the query string, which may carry tokens), the status,
    the bytes sent, the duration and the request id that the app's own lines carry, so
    `request_finished` (who, which team) and `access` (how long, how big) join on it. Like
    `request_finished`, 4xx lines are warnings and 5xx errors, the client's address is logged
    only with LOG_CLIENT_IP, and health probes are left out.
    """

    def access(
        self, resp: Any, req: Any, environ: Mapping[str, Any], request_time: timedelta
    ) -> None:
        path = str(environ.get("PATH_INFO") or "")
        if path.startswith(HEALTH_PATH_PREFIX):
            return
        status = int(getattr(resp, "status_code", None) or 0)
        headers = {str(name).lower(): value for name, value in resp.headers}
        fields: dict[str, Any] = {
            "method": environ.get("REQUEST_METHOD"),
            "path": path,
            "status": status,
            # Files go out with sendfile(), which gunicorn does not count: their length then.
            "bytes": getattr(resp, "sent", 0) or getattr(resp, "response_length", None) or 0,
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "request_id": headers.get("x-request-id"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
        }
        if LOG_CLIENT_IP:
            fields["ip"] = environ.get("REMOTE_ADDR")
        if status >= 500:
            level = logging.ERROR
        elif status >= 400:
            level = logging.WARNING
        else:
            level = logging.INFO
        access_log.log(level, "access", **fields)
