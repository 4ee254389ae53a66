"""Playwright driving Debian's Chromium against pytest-django's live server.

Without a Chromium these tests skip with the reason; under CI (the `CI` variable set) a missing
browser is a failure, so CI can never pass by skipping them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM_FLAGS
from tests.cms.home.factories import site_with_home
from tests.demo_snapshot import demo_home

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "chromium"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One Chromium per test module: closing it at the module's end also ends Playwright's
    event loop, which would otherwise stay current in the thread and break Django's async
    views (AsyncToSync) in whatever test module the same worker runs next."""
    executable = find_chromium()
    if executable is None:
        reason = "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run browser tests, but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
    # Between its calls, Playwright marks its loop as the thread's running loop; make sure none
    # is left once it has stopped.
    asyncio._set_running_loop(None)


@pytest.fixture
def site(transactional_db):
    """The live server's database is flushed between tests; put Wagtail's tree back first."""
    return site_with_home()


@pytest.fixture
def multilingual(site) -> None:
    """The whole demo site, English and its translations (`tests/demo_snapshot.py`)."""
    demo_home()


@pytest.fixture
def page(browser, site, live_server) -> Iterator:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.console_errors = errors
    yield tab
    context.close()


def screenshot(tab, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


SHOWN_THEME = """() => {
  const root = document.documentElement;
  const systemDark = matchMedia("(prefers-color-scheme: dark)").matches;
  const auto = root.hasAttribute("data-theme-auto") && systemDark;
  return [auto ? root.dataset.darkTheme : root.dataset.theme, getComputedStyle(root).colorScheme];
}"""


def shown_theme(tab) -> str:
    """The theme on show: `data-theme`, or, for a visitor who has not chosen
    (`data-theme-auto`) on a dark system, the site's dark theme, which the CSS applies with no
    script (cms/theme/stylesheet.py). Checked against what the page really computed: a dark
    theme's `color-scheme` is dark."""
    from cms.theme.themes import THEMES_BY_NAME

    tab.wait_for_load_state()  # the page's stylesheet applied (a new page may fetch its own)
    name, scheme = tab.evaluate(SHOWN_THEME)
    assert scheme == ("dark" if THEMES_BY_NAME[name].dark else "light"), (name, scheme)
    return name
