"""Load the demo site (fixtures/demo/site.json, images drawn at load time) once; running it
again changes nothing. Only the demo's own content is ever created, translated or published: an
editor's pages and snippets are left alone."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cms.home.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = "Load the demo site content (idempotent: existing demo content is left alone)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        builder = DemoBuilder()
        try:
            builder.build()
        except RuntimeError as problem:
            raise CommandError(str(problem)) from problem
        for line in builder.summary():
            self.stdout.write(f"  {line}")
        if builder.created:
            seconds = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS(f"  Demo content loaded in {seconds:.0f} s."))
