"""Logs, request ids and health checks (site_apps/observability, docs/runbook.md)."""

from __future__ import annotations

from cms.settings.env import env
from site_apps.observability.logging_config import build_logging_config

# One logging configuration (site_apps/observability/logging_config.py): JSON lines in
# production, colour in development; a level per category, e.g. LOG_LEVEL_BILLING=DEBUG.
LOG_FORMAT = env.str("LOG_FORMAT", default="console")  # production.py defaults it to json
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_CATEGORY_LEVELS = {
    "cms": env.str("LOG_LEVEL_CMS", default=""),
    "accounts": env.str("LOG_LEVEL_ACCOUNTS", default=""),
    "teams": env.str("LOG_LEVEL_TEAMS", default=""),
    "api": env.str("LOG_LEVEL_API", default=""),
    "billing": env.str("LOG_LEVEL_BILLING", default=""),
    "sms": env.str("LOG_LEVEL_SMS", default=""),
    "ai": env.str("LOG_LEVEL_AI", default=""),
    "experiments": env.str("LOG_LEVEL_EXPERIMENTS", default=""),
    "security": env.str("LOG_LEVEL_SECURITY", default=""),
    "requests": env.str("LOG_LEVEL_REQUESTS", default=""),
    "tasks": env.str("LOG_LEVEL_TASKS", default=""),
    "observability": env.str("LOG_LEVEL_OBSERVABILITY", default=""),
    "database": env.str("LOG_LEVEL_DATABASE", default=""),
}
LOGGING = build_logging_config(root_level=LOG_LEVEL, category_levels=LOG_CATEGORY_LEVELS)
# Request ids: RequestIdMiddleware puts only a checked X-Request-ID in the header that
# django-structlog reads. Client IP addresses are personal data: logged only when enabled.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = env.bool("LOG_CLIENT_IP", default=False)

# /health/ready/ gives each dependency this many seconds before calling it down.
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=3.0)
