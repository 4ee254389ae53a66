#!/usr/bin/env python
"""Django's command-line utility: development settings unless DJANGO_SETTINGS_MODULE is set."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    from django.core.management import execute_from_command_line

    from site_apps.observability.gateway import start_sentry_from_settings

    # Every command (db_worker, migrate, ...) reports its errors when SENTRY_DSN is set.
    start_sentry_from_settings()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
