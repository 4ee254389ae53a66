"""Load the demo content in fixtures/demo/ once; running it again changes nothing."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from cms.home.models import HomePage

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"


class Command(BaseCommand):
    help = "Load the demo site content (idempotent: existing demo content is left alone)."

    def handle(self, *args: Any, **options: Any) -> None:
        home = HomePage.objects.first()
        if home is None:
            self.stderr.write("No home page: run `manage.py migrate` first.")
            return
        if home.body:
            self.stdout.write("Demo content is already loaded.")
            return
        data = json.loads((DEMO_DIR / "home.json").read_text())
        for field in ("title", "seo_title", "intro", "body"):
            setattr(home, field, data[field])
        home.save_revision().publish()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
