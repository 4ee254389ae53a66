"""ASGI entry point. Production servers set DJANGO_SETTINGS_MODULE=cms.settings.production."""

import os

from django.core.asgi import get_asgi_application

from site_apps.observability.gateway import start_sentry_from_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

# Before the apps load, so a process that fails to boot is reported (nothing without SENTRY_DSN).
start_sentry_from_settings()
application = get_asgi_application()
