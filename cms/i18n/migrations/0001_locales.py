"""One Wagtail locale per content language, so a fresh site can be translated at once."""

from django.conf import settings
from django.db import migrations


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0054_initial_locale"), ("home", "0002_create_homepage")]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
