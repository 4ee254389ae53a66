"""Every content language has a Wagtail Locale, on a fresh database and after `ensure_locales`.

Kept apart from test_i18n.py, whose tests share one multilingual demo per module: this one deletes
locales, which the demo's pages hold on to."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale

LANGUAGES = [code for code, _ in settings.LANGUAGES]


def test_every_content_language_gets_a_wagtail_locale(db):
    """The data migration (and `ensure_locales`, which load_demo and tests use) create one."""
    import importlib

    from django.apps import apps

    from cms.i18n.locales import ensure_locales

    migration = importlib.import_module("cms.i18n.migrations.0001_locales")
    Locale.objects.exclude(language_code="en").delete()
    migration.create_locales(apps, None)
    assert set(Locale.objects.values_list("language_code", flat=True)) == set(LANGUAGES)
    Locale.objects.exclude(language_code="en").delete()
    assert {locale.language_code for locale in ensure_locales()} == set(LANGUAGES)
