"""Background work of the API, on Django's `django.tasks`."""

from __future__ import annotations

from django.tasks import task

from site_apps.api.usage import flush_usage


@task()
def flush_api_usage_task() -> int:
    """Write the usage counters from the cache to `DailyUsage`; returns the requests written.

    Queue it every few minutes (cron: `manage.py flush_api_usage`, which does the same)."""
    return flush_usage()
