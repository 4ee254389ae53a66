"""Outgoing email (Django 6.1 `MAILERS`): printed to the console, SMTP, or Loops.

With nothing set, mail is printed, each text part decoded so links are whole; `EMAIL_URL`
sends over SMTP; `LOOPS_API_KEY` sends through Loops (loops.so) instead, see
docs/accounts-and-teams.md.
"""

from __future__ import annotations

from typing import Any

from cms.settings.env import env
from cms.settings.integrations.providers import PROVIDER_TIMEOUT
from cms.settings.site import SITE_NAME

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <hello@example.com>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_URL = env.str("EMAIL_URL", default="")
LOOPS_API_KEY = env.str("LOOPS_API_KEY", default="")


def _smtp_mailer(url: str) -> dict[str, Any]:
    parsed = env.email_url_config(url)
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parsed["EMAIL_HOST"],
            "port": parsed["EMAIL_PORT"],
            "username": parsed["EMAIL_HOST_USER"],
            "password": parsed["EMAIL_HOST_PASSWORD"],
            "use_tls": parsed.get("EMAIL_USE_TLS", False),
            "use_ssl": parsed.get("EMAIL_USE_SSL", False),
            "timeout": sum(PROVIDER_TIMEOUT),
        },
    }


def _loops_mailer(api_key: str) -> dict[str, Any]:
    return {
        "BACKEND": "site_apps.mail.backends.LoopsEmailBackend",
        "OPTIONS": {
            "api_key": api_key,
            "transactional_id": env.str("LOOPS_TRANSACTIONAL_ID", default=""),
            "api_url": env.str("LOOPS_API_URL", default="https://app.loops.so/api/v1"),
            "timeout": PROVIDER_TIMEOUT,
            "attempts": 1,
        },
    }


MAILERS: dict[str, dict[str, Any]]
if LOOPS_API_KEY:
    MAILERS = {"default": _loops_mailer(LOOPS_API_KEY)}
elif EMAIL_URL:
    MAILERS = {"default": _smtp_mailer(EMAIL_URL)}
else:
    MAILERS = {"default": {"BACKEND": "site_apps.mail.console.ReadableConsoleEmailBackend"}}
