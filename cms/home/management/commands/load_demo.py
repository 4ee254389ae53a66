"""Load the demo site (fixtures/demo/site.json, images drawn at load time) once; running it
again changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cms.home.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = "Load the demo site content (idempotent: existing demo content is left alone)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = DemoBuilder().build()
        except RuntimeError as problem:
            raise CommandError(str(problem)) from problem
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {len(created)} items."))
        else:
            self.stdout.write("Demo content is already loaded.")
