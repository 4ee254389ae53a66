"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Collection, Locale, Page, Site

from cms.home.models import HomePage


def ensure_wagtail_site() -> HomePage:
    """Wagtail's tree root, a Locale, the root Collection, a HomePage and the default Site, made
    if missing.

    Migrations create these, but a transactional test (such as one using `live_server`) flushes
    the database afterwards, so tests that need a site ask for it through this.
    """
    from cms.i18n.locales import ensure_locales

    ensure_locales()
    locale = Locale.objects.get(language_code="en")
    if Collection.get_first_root_node() is None:
        # Images and documents live in collections; the flush removes the root one too.
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.filter(locale=locale).first()
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
    """Each test starts with an empty cache: rate-limit counters (sign-in attempts) and cached
    site content (menus, theme, plans) must never leak from one test into the next; nor may a
    Redis outage one test staged (cms/cache.py's breaker)."""
    from cms.cache import breaker
    from cms.postgresql.base import forget_outages

    breaker.reset()
    forget_outages()
    cache.clear()


@pytest.fixture(autouse=True)
def _settings_restored() -> Iterator[None]:
    """Every settings override a test made is undone when it ends. Two overrides undone out of
    order (an `override_settings` fixture torn down before pytest-django's `settings` changes
    made after it) silently keep the first one for the rest of the worker: a leaked
    ROOT_URLCONF once turned another module's 503 into a 500."""
    before = settings._wrapped  # type: ignore[misc]
    yield
    after = settings._wrapped  # type: ignore[misc]
    if after is not before:
        settings._wrapped = before
        pytest.fail("settings overrides were undone out of order: a setting leaked past this test")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request to /es/... activates Spanish
    for the thread (LocaleMiddleware), which must not leak into the next test's messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo_site(db) -> HomePage:
    """The demo site from `manage.py load_demo` in English: every page type and every block."""
    from cms.home.demo.builder import DemoBuilder

    home = ensure_wagtail_site()
    DemoBuilder(translate=False).build()
    home.refresh_from_db()
    return home


@pytest.fixture(scope="module")
def _multilingual_demo(django_db_setup, django_db_blocker) -> Iterator[int]:
    """The multilingual demo, built once per test module inside a transaction that is rolled
    back after the module's last test. Building it (four languages through wagtail-localize)
    is the slowest setup in the suite; each test still runs in its own savepoint, so what one
    test changes is gone before the next."""
    from django.db import connections, transaction

    from cms.home.demo.builder import DemoBuilder

    with django_db_blocker.unblock():
        atomics = [(alias, transaction.atomic(using=alias)) for alias in connections]
        for _, atomic in atomics:
            atomic.__enter__()
        try:
            home = ensure_wagtail_site()
            DemoBuilder().build()
            cache.clear()
            yield home.pk
        finally:
            for alias, atomic in reversed(atomics):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)


@pytest.fixture
def multilingual_site(_multilingual_demo, db) -> HomePage:
    """The whole demo site as `make run` shows it: English, and its translations into every
    other language (through wagtail-localize)."""
    return HomePage.objects.get(pk=_multilingual_demo)
