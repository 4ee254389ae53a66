"""Sentry starts from the entry points, not from settings: a process reports its errors only
once `cms/wsgi.py`, `cms/asgi.py`, `manage.py` or the release has started it."""

from __future__ import annotations

import os
import subprocess
import sys

from cms.settings.env import BASE_DIR
from tests.site_apps.observability.sentry_server import SentryServer


def run_python(*args: str, dsn: str) -> subprocess.CompletedProcess[str]:
    """A process of its own, on the development settings without `.env`, Sentry at `dsn`."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", str(BASE_DIR)),
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DJANGO_READ_DOT_ENV": "0",
            "SENTRY_DSN": dsn,
            "SENTRY_ENVIRONMENT": "entry-point-test",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_start_nothing_and_the_wsgi_entry_starts_sentry():
    script = (
        "import sentry_sdk\n"
        "from django.conf import settings\n"
        "settings.INSTALLED_APPS  # the settings are loaded\n"
        "print(sentry_sdk.get_client().is_active())\n"
        "import cms.wsgi\n"
        "client = sentry_sdk.get_client()\n"
        "print(client.is_active(), client.options['environment'])\n"
    )
    with SentryServer() as server:
        result = run_python("-c", script, dsn=server.dsn)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "entry-point-test"]


def test_a_management_command_reports_its_unhandled_error():
    """What `manage.py db_worker` (and every other command) relies on."""
    with SentryServer() as server:
        result = run_python(
            "manage.py", "shell", "-c", "raise ZeroDivisionError('from a command')", dsn=server.dsn
        )
        assert result.returncode != 0
        (event,) = server.events
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "ZeroDivisionError"
    assert exception["value"] == "from a command"
    assert event["environment"] == "entry-point-test"
