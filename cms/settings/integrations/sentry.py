"""Sentry: error reporting and tracing, and the webhooks of its internal integration.

Nothing starts here. The entry points (cms/wsgi.py, cms/asgi.py, manage.py and the image's
release command) call `site_apps.observability.gateway.start_sentry_from_settings()` before
Django loads the apps, and it does nothing while SENTRY_DSN is empty.
"""

from __future__ import annotations

from cms.settings.env import env

SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
# Empty: sentry-sdk's own guess (SENTRY_RELEASE in the environment, then the git commit).
SENTRY_RELEASE = env.str("SENTRY_RELEASE", default="") or None
# Shares from 0 to 1: of requests traced (health probes never are), of traces profiled.
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
SENTRY_PROFILES_SAMPLE_RATE = env.float("SENTRY_PROFILES_SAMPLE_RATE", default=0.0)
SENTRY_SEND_USER_EMAIL = env.bool("SENTRY_SEND_USER_EMAIL", default=False)
# The internal integration's client secret, which signs its webhooks to us.
SENTRY_CLIENT_SECRET = env.str("SENTRY_CLIENT_SECRET", default="")
# Its deliveries must be sent within this many seconds of arriving (None: any time).
SENTRY_WEBHOOK_TOLERANCE_SECONDS: int | None = 300
