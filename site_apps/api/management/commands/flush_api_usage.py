"""Write the API usage counters waiting in the cache to the database (run it from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from site_apps.api.tasks import flush_api_usage_task
from site_apps.api.usage import flush_usage


class Command(BaseCommand):
    help = "Write the API usage counted in the cache to DailyUsage rows."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the flush as a django.tasks task instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = flush_api_usage_task.enqueue()
            self.stdout.write(f"Queued the flush as task {result.id}.")
            return
        written = flush_usage()
        self.stdout.write(f"Wrote {written} requests to the usage table.")
