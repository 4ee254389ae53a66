"""`manage.py update_catalogues`: collect the interface strings into locale/<lang>/django.po
and compile every catalogue, as a developer does after changing strings (docs/i18n.md)."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.i18n.catalogues import makemessages_options, translated_languages


class Command(BaseCommand):
    help = "Update locale/*/LC_MESSAGES/django.po from the code and templates, then compile them."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("makemessages", **makemessages_options())
        # English has one hand-kept catalogue: sentence-case overrides of allauth's strings.
        call_command("compilemessages", locale=[*translated_languages(), "en"], verbosity=0)
        self.stdout.write(
            'Catalogues updated: translate the new entries (msgstr ""), remove fuzzy flags, '
            "then run this again to compile."
        )
