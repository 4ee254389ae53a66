"""Languages in a real Chromium: switching language from a blog post with the keyboard, and the
Arabic site mirrored right to left, axe-clean, in light and dark. Screenshots land in
var/screenshots/i18n-*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from cms.blog.models import BlogPostPage
from tests.browser.axe import serious_violations
from tests.browser.conftest import SCREENSHOTS, shown_theme


def newest_post(language: str) -> BlogPostPage:
    return (
        BlogPostPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("-date", "pk")
        .first()
    )


def test_switching_language_from_a_blog_post_lands_on_its_translation(page, multilingual):
    english, spanish, arabic = (newest_post(code) for code in ("en", "es", "ar"))
    page.goto(english.url)
    menu = page.locator("details.language-menu summary")
    expect(menu).to_have_accessible_name("Language: English, EN")
    # Keyboard only: open the menu, move to "Español", follow it.
    menu.focus()
    page.keyboard.press("Enter")
    spanish_link = page.locator("details.language-menu a[data-language=es]")
    expect(spanish_link).to_be_visible()
    spanish_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{spanish.url}")
    assert page.evaluate("document.documentElement.lang") == "es"
    expect(page.locator("h1")).to_have_text(spanish.title)

    # And on to Arabic with the mouse: right to left from the first paint.
    page.locator("details.language-menu summary").click()
    page.locator("details.language-menu a[data-language=ar]").click()
    page.wait_for_url(f"**{arabic.url}")
    assert page.evaluate("[document.documentElement.lang, document.dir]") == ["ar", "rtl"]
    assert page.console_errors == []


def test_the_arabic_site_mirrors_and_passes_axe(browser, live_server, multilingual):
    """Light, then dark through the header's toggle: one demo build for both modes."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    pages = {
        "home": "/ar/",
        "blog-index": "/ar/blog/",
        "blog-post": newest_post("ar").url,
        "pricing": "/ar/pricing/",
    }
    try:
        for mode in ("light", "dark"):
            tab.goto(pages["home"])
            if mode == "dark":
                tab.locator("header [data-theme-toggle]").click()
            check_arabic_pages(tab, pages, mode)
        # Directional arrows point the reading way: "All posts" arrow flipped in RTL.
        tab.goto(pages["blog-post"])
        flipped = tab.locator(".rtl-flip").first.evaluate("e => getComputedStyle(e).transform")
        assert flipped not in ("none", ""), flipped
        # The language menu opens towards the page, inside the viewport.
        tab.locator("details.language-menu summary").click()
        box = tab.locator("details.language-menu ul").bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 1280
        tab.screenshot(path=str(SCREENSHOTS / "i18n-ar-language-menu-dark.png"))
        assert errors == []
    finally:
        context.close()


def check_arabic_pages(tab, pages: dict[str, str], mode: str) -> None:
    for name, url in pages.items():
        tab.goto(url)
        assert tab.evaluate("[document.documentElement.lang, document.dir]") == ["ar", "rtl"]
        assert shown_theme(tab) == mode
        # The layout really mirrors: the logo sits at the right end of the header and the
        # language and theme buttons at its left end; text starts on the right.
        logo = tab.locator("header nav > a").first.bounding_box()
        toggle = tab.locator("header [data-theme-toggle]").bounding_box()
        assert logo is not None
        assert toggle is not None
        assert logo["x"] > toggle["x"], (name, logo, toggle)
        assert logo["x"] + logo["width"] > 1280 / 2
        heading = tab.locator("main h1, main h2").first
        assert heading.evaluate("e => getComputedStyle(e).direction") == "rtl"
        tab.wait_for_load_state("networkidle")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / f"i18n-ar-{name}-{mode}.png"), full_page=True)
        problems = serious_violations(tab)
        assert not problems, f"{name} in {mode}: {problems}"
