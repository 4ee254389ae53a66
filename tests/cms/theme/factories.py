from __future__ import annotations

import factory

from cms.theme.models import ThemeSettings
from tests.cms.home.factories import default_site


class ThemeSettingsFactory(factory.django.DjangoModelFactory[ThemeSettings]):
    """The default site's theme settings (one row per site: found, or made with these values)."""

    class Meta:
        model = ThemeSettings
        django_get_or_create = ("site",)

    site = factory.LazyFunction(default_site)
    default_theme = "light"
    dark_theme = "dark"
