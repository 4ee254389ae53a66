"""The main menu and footer snippets: live, in the default locale, empty unless given links."""

from __future__ import annotations

import factory
from wagtail.models import Locale

from cms.navigation.models import Footer, MainMenu


class MainMenuFactory(factory.django.DjangoModelFactory[MainMenu]):
    class Meta:
        model = MainMenu

    locale = factory.LazyFunction(Locale.get_default)


class FooterFactory(factory.django.DjangoModelFactory[Footer]):
    class Meta:
        model = Footer

    locale = factory.LazyFunction(Locale.get_default)
