"""The visitor's pages in every language, on one multilingual demo build (it is the costly part).

- The header on phones: nothing scrolls sideways from 320 to 1440 px, each header control is
  visible, uncovered and reachable with the keyboard, the menu opens and closes with the keyboard
  in both directions, and home, a blog post, pricing and contact are axe-clean in light and dark.
  One tab per language, resized in place. Screenshots: var/screenshots/header-*.png.
- The same pages and the blog index, as served, have no error in the Nu HTML Checker (npm's
  vnu-jar, installed with the theme's node_modules; one Java start for every page).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect
from wagtail.contrib.forms.models import FormSubmission

from cms.blog.models import BlogPostPage
from tests.browser.axe import serious_violations
from tests.browser.conftest import SCREENSHOTS, shown_theme

LANGUAGES = ("en", "es", "fr", "ar")
PHONES = (320, 360, 390, 430)
WIDER = (768, 1024, 1280, 1440)  # on the home page only: the bar at every breakpoint
VNU_JAR = Path(settings.BASE_DIR) / "cms/theme/static_src/node_modules/vnu-jar/build/dist/vnu.jar"

# The controls the bar shows at a width: each must be on screen and not covered by another.
# The account links are in the bar from `md` (768 px) and in the menu below it.
BAR = "header nav > a, details.language-menu > summary, header [data-theme-toggle]"
MENU_BUTTON = "[data-mobile-menu] > summary"
ACCOUNT = ".account-slot a"

UNCOVERED = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.checkVisibility())
  .map(e => {
    const r = e.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const problem = r.left < 0 || r.right > innerWidth ? 'off screen'
      : !(hit && (e === hit || e.contains(hit))) ? 'covered' : '';
    return problem && `${e.outerHTML.slice(0, 60)}: ${problem}`;
  }).filter(Boolean)"""


def pages_in(language: str) -> dict[str, str]:
    prefix = "" if language == "en" else f"/{language}"
    post = (
        BlogPostPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("-date", "pk")
        .first()
    )
    assert post is not None
    return {
        "home": f"{prefix}/",
        "blog-post": post.url,
        "pricing": f"{prefix}/pricing/",
        "contact": f"{prefix}/contact/",
    }


def header_problems(tab, width: int) -> list[str]:
    tab.set_viewport_size({"width": width, "height": 800})
    problems = []
    scroll_width = tab.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{scroll_width}px wide")
    visible = [BAR] + ([ACCOUNT] if width >= 768 else []) + ([MENU_BUTTON] if width < 1024 else [])
    for selector in visible:
        if tab.locator(selector).filter(visible=True).count() == 0:
            problems.append(f"{selector} not shown")
        problems += tab.evaluate(UNCOVERED, selector)
    return [f"{width}px: {p}" for p in problems]


def use_mode(tab, mode: str) -> None:
    """Switch light/dark with the header's own toggle, without a reload."""
    if shown_theme(tab) != mode:
        tab.locator("header [data-theme-toggle]").click()
    assert shown_theme(tab) == mode


def check_menu_with_the_keyboard(tab, language: str) -> None:
    """At 320 px: Tab reaches every bar control in order, Enter opens the menu, Tab walks into it
    as far as "Sign up", Shift+Tab walks back out to the menu button, Escape closes it there."""
    tab.set_viewport_size({"width": 320, "height": 800})
    tab.locator('a[href="#main"]').focus()  # the skip link: the first stop on the page
    tab.evaluate("window.__reached = []")
    for _ in range(8):
        tab.keyboard.press("Tab")
        tab.evaluate("window.__reached.push(document.activeElement)")
        if tab.evaluate(f"document.activeElement.matches('{MENU_BUTTON}')"):
            break
    else:
        pytest.fail(f"{language}: Tab never reached the menu button")
    for selector in ("header nav > a", "details.language-menu > summary", "[data-theme-toggle]"):
        reached = tab.evaluate(f"window.__reached.some(e => e.matches('{selector}'))")
        assert reached, f"{language}: {selector} not reached by Tab"
    button = tab.locator(MENU_BUTTON)
    expect(button).to_have_attribute("aria-expanded", "false")
    tab.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    sign_up = tab.locator("[data-mobile-menu] a[href*='/signup/']")
    expect(sign_up).to_be_visible()
    steps = 0
    while not tab.evaluate("document.activeElement.matches(\"a[href*='/signup/']\")"):
        tab.keyboard.press("Tab")
        steps += 1
        assert steps < 15, f"{language}: Tab never reached Sign up inside the menu"
        assert tab.evaluate("!!document.activeElement.closest('[data-mobile-menu]')")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"header-{language}-320-menu-open.png"))
    for _ in range(steps):
        tab.keyboard.press("Shift+Tab")
    assert tab.evaluate(f"document.activeElement.matches('{MENU_BUTTON}')")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(sign_up).to_be_hidden()
    assert tab.evaluate(f"document.activeElement.matches('{MENU_BUTTON}')")


def test_visitor_pages_fit_every_phone_and_are_valid_html_in_every_language(
    browser, live_server, multilingual, tmp_path, settings
):
    problems: dict[str, list[str]] = {}
    for language in LANGUAGES:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 390, "height": 800}
        )
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        try:
            for n, (name, url) in enumerate(pages_in(language).items()):
                tab.goto(url)
                # Light then dark on one page, dark then light on the next: one toggle each.
                modes = ("light", "dark") if n % 2 == 0 else ("dark", "light")
                for mode in modes:
                    use_mode(tab, mode)
                    widths = PHONES + WIDER if name == "home" and mode == "light" else PHONES
                    for width in widths:
                        problems.setdefault(f"{language} {name} {mode}", []).extend(
                            header_problems(tab, width)
                        )
                    tab.set_viewport_size({"width": 390, "height": 800})
                    if name == "home":
                        tab.screenshot(path=str(SCREENSHOTS / f"header-{language}-390-{mode}.png"))
                    problems[f"{language} {name} {mode}"] += serious_violations(tab)
                if name == "home":
                    check_menu_with_the_keyboard(tab, language)
            assert errors == [], errors
        finally:
            context.close()
    assert {key: found for key, found in problems.items() if found} == {}
    assert html_errors(tmp_path) == []
    # With the CSS in the page, the checker reads it too (cms/theme/stylesheet.py).
    settings.INLINE_STYLESHEET = True
    (tmp_path / "inline").mkdir()
    assert html_errors(tmp_path / "inline") == []


def html_errors(folder: Path) -> list[str]:
    """Save every language's home, blog index, post, pricing and contact page as served, then
    check them all with one run of the Nu HTML Checker."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        reason = "the Nu HTML Checker needs Java and vnu-jar (make css-check installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    client = Client()
    files = []
    for language in LANGUAGES:
        urls = pages_in(language)
        urls["blog-index"] = urls["home"] + "blog/"
        urls["blog-filtered"] = urls["home"] + "blog/?tag=accessibility"
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200, url
            files.append(folder / f"{language}-{name}.html")
            files[-1].write_bytes(response.content)
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_a_visitor_fixes_a_wrong_email_on_the_contact_form_in_every_language(
    browser, live_server, multilingual
):
    """Journey 5 on a phone, in each language: a wrong email comes back with the form's note and
    the field's error, the keyboard and a screen reader start at that field (its description
    is the error), nothing typed is lost, and the corrected form is sent and kept."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for language in LANGUAGES:
            tab.goto(pages_in(language)["contact"])
            tab.fill("[name=your_name]", "Ada Moreau")
            tab.fill("[name=work_email]", "ada@")
            tab.fill("[name=message]", f"Hello from {language}")
            tab.locator("main form button[type=submit]").click()
            tab.wait_for_load_state()
            email = tab.locator("[name=work_email]")
            expect(email).to_have_attribute("aria-invalid", "true")
            expect(email).to_be_focused()
            described = tab.evaluate(
                """() => document.activeElement.getAttribute('aria-describedby').split(' ')
                   .map(id => document.getElementById(id).textContent.trim()).join(' | ')"""
            )
            error = tab.locator(f"#{email.get_attribute('id')}_error").inner_text().strip()
            assert error, language
            assert error in described, (language, described)
            assert language != "en" or error == "Enter a valid email address."
            expect(tab.locator("main form [role=alert]")).to_be_visible()
            expect(tab.locator("[name=your_name]")).to_have_value("Ada Moreau")
            expect(tab.locator("[name=message]")).to_have_value(f"Hello from {language}")
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for mode in ("light", "dark"):
                use_mode(tab, mode)
                assert serious_violations(tab) == [], (language, mode)
                tab.screenshot(path=str(SCREENSHOTS / f"contact-{language}-390-error-{mode}.png"))
            use_mode(tab, "light")
            tab.fill("[name=work_email]", f"ada.{language}@example.com")
            tab.locator("main form button[type=submit]").click()
            expect(tab.locator("main form")).to_have_count(0)  # the thank-you page
            sent = FormSubmission.objects.filter(page__locale__language_code=language)
            assert [s.get_data()["work_email"] for s in sent] == [f"ada.{language}@example.com"]
        assert errors == []
    finally:
        context.close()
