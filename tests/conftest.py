"""Fixtures shared by every test package."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from wagtail.models import Locale, Page, Site

from cms.home.models import HomePage


def ensure_wagtail_site() -> HomePage:
    """Wagtail's tree root, a Locale, a HomePage and the default Site, made if missing.

    Migrations create these, but a transactional test (such as one using `live_server`) flushes
    the database afterwards, so tests that need a site ask for it through this.
    """
    locale, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title="Home", slug="home", locale=locale, intro="A site for testing.")
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


@pytest.fixture
def home_page(db) -> HomePage:
    return ensure_wagtail_site()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters (sign-in attempts) live there."""
    cache.clear()
