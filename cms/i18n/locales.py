"""The site's languages as Wagtail locales."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale


def ensure_locales() -> list[Locale]:
    """A Wagtail locale for each of the content languages in settings, created when missing."""
    return [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    ]
