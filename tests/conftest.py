"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from cms.home.models import HomePage
from tests.cms.home.factories import site_with_home
from tests.demo_snapshot import (
    demo_home,
    forget_content_types,
    remember_migrated_state,
    restore_migrated_state,
)


def pytest_configure(config: pytest.Config) -> None:
    """On SQLite the test database is a file (cms/settings/test.py), made afresh on every run
    as the in-memory one was: the browser tests' flushes empty it, rows the migrations made
    (Wagtail's root collection) included, and a reused one failed the next run."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        config.option.create_db = True


_blockers: list = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> None:
    """pytest-django's, then a copy of what the migrations wrote, for after a flush."""
    with django_db_blocker.unblock():
        remember_migrated_state()
    _blockers[:] = [django_db_blocker]


def _flushes(item: pytest.Item) -> bool:
    """Whether this test runs outside a transaction, so that the database is emptied after it
    (pytest-django's `transactional_db`, and the browser tests' `live_server`)."""
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or (marker is not None and bool(marker.kwargs.get("transaction")))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a test whose database was flushed, when the next test runs in a transaction, the
    rows the migrations made are put back. pytest-django runs transactional tests last, but
    under `--dist loadfile` a file's tests run together: one module's transactional tests
    used to leave the next module's tests on this worker without Wagtail's root page, default
    locale or root collection, and which modules came next changed from run to run."""
    result = yield
    if nextitem is not None and _blockers and _flushes(item) and not _flushes(nextitem):
        with _blockers[0].unblock():
            restore_migrated_state()
    return result


@pytest.fixture
def home_page(db) -> HomePage:
    """The default site with an English home page (see `site_with_home`)."""
    return site_with_home()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters (sign-in attempts) and cached
    site content (menus, theme, plans) must never leak from one test into the next; nor may a
    Redis outage one test staged (cms/cache.py's breaker)."""
    from cms.cache import breaker
    from cms.page_cache import forget_front_memory
    from cms.postgresql.base import forget_outages

    breaker.reset()
    forget_outages()
    forget_front_memory()
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
def demo_site(db) -> Iterator[HomePage]:
    """The demo site from `manage.py load_demo` in English: every page type and every block
    (built once per worker, then restored: `tests/demo_snapshot.py`)."""
    yield demo_home(translate=False)
    # The test's rollback, which runs next, takes the copy's content type ids away again.
    forget_content_types()


@pytest.fixture(scope="module")
def _multilingual_demo(django_db_setup, django_db_blocker) -> Iterator[int]:
    """The multilingual demo for one test module, in a transaction rolled back after the
    module's last test (the demo itself is built once per worker, then restored:
    `tests/demo_snapshot.py`); each test still runs in its own savepoint, so what one test
    changes is gone before the next."""
    from django.db import connections, transaction

    with django_db_blocker.unblock():
        atomics = [(alias, transaction.atomic(using=alias)) for alias in connections]
        for _, atomic in atomics:
            atomic.__enter__()
        try:
            home = demo_home()
            cache.clear()
            yield home.pk
        finally:
            for alias, atomic in reversed(atomics):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)
            forget_content_types()


@pytest.fixture
def multilingual_site(_multilingual_demo, db) -> HomePage:
    """The whole demo site as `make run` shows it: English, and its translations into every
    other language (through wagtail-localize)."""
    return HomePage.objects.get(pk=_multilingual_demo)
