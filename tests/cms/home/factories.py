"""The home page, and the one place tests get a site: Wagtail's tree with a home page in a
language, served as the default Site."""

from __future__ import annotations

import uuid

import factory
import wagtail_factories
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, Locale, Page, Site

from cms.home.models import DemoContent, HomePage
from cms.i18n.locales import ensure_locales


def published[P: Page](page: P) -> P:
    """The page with its first revision published, as an editor's Publish button leaves it."""
    page.save_revision().publish()
    return page


class HomePageFactory(wagtail_factories.PageFactory, factory.django.DjangoModelFactory[HomePage]):
    class Meta:
        model = HomePage

    title = "Home"
    intro = "Launch a localized, themed, fast marketing site this afternoon."


class DemoContentFactory(factory.django.DjangoModelFactory[DemoContent]):
    """A record that `load_demo` made the content with this translation key."""

    class Meta:
        model = DemoContent

    translation_key = factory.LazyFunction(uuid.uuid4)
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(HomePage))


def site_with_home(language: str = "en") -> HomePage:
    """Wagtail's tree root, every content language's Locale, the root Collection, a HomePage in
    `language` and the default Site serving it, each made if missing.

    Migrations create these, but a transactional test (such as one using `live_server`) flushes
    the database afterwards, so tests that need a site ask for it through this (or the
    `home_page` fixture).
    """
    ensure_locales()
    locale = Locale.objects.get(language_code=language)
    if Collection.get_first_root_node() is None:
        # Images and documents live in collections; the flush removes the root one too.
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        home = HomePageFactory.create(
            parent=root,
            title="Home",
            slug="home" if language == "en" else f"home-{language}",
            locale=locale,
            intro="A site for testing.",
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


def default_site(language: str = "en") -> Site:
    """The default Site, serving a home page in `language` (see `site_with_home`)."""
    site_with_home(language)
    return Site.objects.get(is_default_site=True)
