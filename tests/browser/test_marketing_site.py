"""The marketing site in a real Chromium: themes, dark mode, the mobile menu, htmx filtering,
and axe on every page type in light and dark. Screenshots land in var/screenshots/site-*.png."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from cms.blog.models import BlogPostPage
from cms.theme.models import ThemeSettings
from cms.theme.themes import THEMES
from tests.browser.axe import serious_violations
from tests.browser.conftest import SCREENSHOTS, shown_theme
from tests.demo_snapshot import demo_home

PAGE_TYPES = {
    "home": "/",
    "standard": "/about/",
    "standard-developers": "/developers/",
    "pricing": "/pricing/",
    "contact": "/contact/",
    "blog-index": "/blog/",
    "blog-post": None,  # the newest post, found once the demo is loaded
}


@pytest.fixture
def demo(site):
    demo_home(translate=False)
    newest = BlogPostPage.objects.live().order_by("-date").first()
    return {**PAGE_TYPES, "blog-post": newest.url}


@pytest.fixture
def open_tab(browser, live_server) -> Iterator:
    """New browser tabs at a given width, colour scheme and JavaScript setting."""
    contexts = []

    def open_tab(width: int = 1280, dark: bool = False, javascript: bool = True, **options):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 900},
            color_scheme="dark" if dark else "light",
            java_script_enabled=javascript,
            **options,
        )
        contexts.append(context)
        tab = context.new_page()
        tab.console_errors = []
        tab.on(
            "console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None
        )
        tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def full_page_screenshot(tab, name: str) -> None:
    """Scroll through the page first so lazy images load, then save a full-page screenshot."""
    tab.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += 600) {
                window.scrollTo(0, y);
                await new Promise(r => setTimeout(r, 40));
            }
            window.scrollTo(0, 0);
        }"""
    )
    tab.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_page_type_passes_axe_and_is_screenshotted(open_tab, demo, dark):
    """Each page is loaded once and resized in place (360, 390, 1280 px): cheaper than a tab
    per width, and the same checks."""
    mode = "dark" if dark else "light"
    tab = open_tab(width=360, dark=dark)
    for name, url in demo.items():
        tab.goto(url)
        expected = "dark" if dark else "light"
        assert shown_theme(tab) == expected
        for width in (360, 390, 1280):
            tab.set_viewport_size({"width": width, "height": 900})
            # Responsive from 360 px: nothing makes the page scroll sideways.
            page_width = tab.evaluate("document.documentElement.scrollWidth")
            assert page_width <= width, f"{name} is {page_width}px wide at {width}px"
            if width == 360:
                continue
            full_page_screenshot(tab, f"site-{name}-{width}-{mode}")
            if width == 1280 or name in ("home", "pricing", "blog-index"):
                problems = serious_violations(tab)
                assert not problems, f"{name} at {width}px in {mode}: {problems}"
    assert tab.console_errors == [], tab.console_errors


def test_the_style_guide_passes_axe_in_every_theme(open_tab, demo):
    from tests.site_apps.accounts.factories import UserFactory, verified

    verified(UserFactory(email="designer@example.com", is_staff=True, is_superuser=True))
    tab = open_tab()
    tab.goto("/styleguide/")
    tab.wait_for_url("**/accounts/login/?next=/styleguide/")
    tab.fill("input[name=login]", "designer@example.com")
    tab.fill("input[name=password]", "correct horse battery staple")
    tab.click("button[type=submit]")
    tab.wait_for_url("**/styleguide/")
    problems = {}
    for theme in THEMES:
        tab.goto(f"/styleguide/?theme={theme.name}")
        assert shown_theme(tab) == theme.name
        assert tab.locator("[data-block]").count() >= 18
        if found := serious_violations(tab):
            problems[theme.name] = found
        full_page_screenshot(tab, f"styleguide-{theme.name}")
    assert not problems, problems
    assert tab.console_errors == [], tab.console_errors


def test_the_mobile_menu_works_with_the_keyboard(open_tab, demo):
    tab = open_tab(width=390)
    tab.goto("/")
    menu_button = tab.locator("[data-mobile-menu] > summary")
    desktop_links = tab.locator("header nav > ul")
    assert not desktop_links.is_visible()
    # Tab from the top of the page until the menu button has focus.
    for _ in range(12):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.matches('[data-mobile-menu] > summary')"):
            break
    else:
        pytest.fail("the menu button is not reachable with Tab")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    tab.keyboard.press("Enter")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    first_link = tab.locator("[data-mobile-menu] a").first
    expect(first_link).to_be_visible()
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('[data-mobile-menu]') !== null")
    full_page_screenshot(tab, "site-mobile-menu-open-390-light")
    tab.keyboard.press("Escape")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(first_link).to_be_hidden()
    assert tab.evaluate("document.activeElement.matches('[data-mobile-menu] > summary')")
    # Enter again, then follow a link with the keyboard.
    tab.keyboard.press("Enter")
    expect(first_link).to_be_visible()
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url.endswith("/pricing/")


def wait_for_mode_cookie(tab, mode: str) -> None:
    """The page writes the choice with `document.cookie`, which Chromium stores a moment later
    (the network service): a navigation the test starts at once could still carry the old one,
    which no person clicking a link after the toggle does."""
    for _ in range(50):
        if any(c["name"] == "theme_mode" and c["value"] == mode for c in tab.context.cookies()):
            return
        tab.wait_for_timeout(20)
    pytest.fail(f"the theme_mode={mode} cookie was never stored")


def test_dark_mode_toggle_persists_across_pages_without_a_flash(open_tab, demo):
    tab = open_tab()
    tab.goto("/")
    root = "document.documentElement.dataset.theme"
    assert tab.evaluate(root) == "light"
    toggle = tab.locator("[data-theme-toggle]")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert tab.evaluate(root) == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    wait_for_mode_cookie(tab, "dark")
    # The next page starts dark: the server reads the choice (a cookie) and writes data-theme.
    tab.add_init_script(
        "document.addEventListener('readystatechange', () => {"
        " if (document.readyState === 'interactive') window.__firstTheme ="
        " document.documentElement.dataset.theme; });"
    )
    tab.goto("/pricing/")
    assert tab.evaluate("window.__firstTheme") == "dark"
    assert tab.evaluate(root) == "dark"
    tab.reload()
    assert tab.evaluate(root) == "dark"
    tab.locator("[data-theme-toggle]").click()
    wait_for_mode_cookie(tab, "light")
    tab.goto("/blog/")
    assert tab.evaluate(root) == "light"
    assert tab.console_errors == []


def test_a_dark_system_preference_is_followed_until_the_visitor_chooses(open_tab, demo):
    # In CSS alone: the page is dark before any script runs, and without JavaScript at all.
    still = open_tab(dark=True, javascript=False)
    still.goto("/")
    assert shown_theme(still) == "dark"
    light = open_tab(javascript=False)
    light.goto("/")
    background = "getComputedStyle(document.body).backgroundColor"
    assert still.evaluate(background) != light.evaluate(background)
    tab = open_tab(dark=True)
    tab.goto("/")
    assert shown_theme(tab) == "dark"
    # The toggle says so once the browser is idle (site.js asks the system then).
    expect(tab.locator("header [data-theme-toggle]")).to_have_attribute("aria-pressed", "true")
    tab.locator("[data-theme-toggle]").click()
    tab.goto("/about/")
    assert shown_theme(tab) == "light"


def test_a_page_kept_without_the_visitors_cookie_still_shows_the_mode_they_chose(
    open_tab, demo, live_server
):
    # A CDN that does not key on the theme_mode cookie may hand a visitor who chose dark the
    # copy made for nobody in particular. site.js then reads their choice from the Cookie Store
    # (no wait on the browser's network process while the page loads) and shows it.
    tab = open_tab()
    tab.context.add_cookies([{"name": "theme_mode", "value": "dark", "url": live_server.url}])
    kept: list[str] = []

    def as_a_shared_cache_kept_it(route):
        # Asked without the cookie, as a shared cache would. The live server is our own.
        with urllib.request.urlopen(f"{live_server.url}/", timeout=30) as answer:  # noqa: S310
            body = answer.read()
            headers = {
                name: answer.headers[name]
                for name in ("Content-Type", "Content-Security-Policy")
                if answer.headers[name]
            }
        kept.append(body.decode())
        route.fulfill(status=200, headers=headers, body=body)

    tab.route(f"{live_server.url}/", as_a_shared_cache_kept_it)
    tab.goto("/")
    assert "data-theme-auto" in kept[0]  # the copy for a visitor with no choice
    expect(tab.locator("html")).not_to_have_attribute("data-theme-auto", "")
    assert shown_theme(tab) == "dark"
    expect(tab.locator("header [data-theme-toggle]")).to_have_attribute("aria-pressed", "true")
    assert tab.console_errors == []


def test_with_the_css_in_the_page_nothing_is_fetched_first_and_the_rest_comes_at_first_touch(
    open_tab, demo, settings
):
    settings.INLINE_STYLESHEET = True
    tab = open_tab(width=390, dark=True)
    stylesheets: list[str] = []
    tab.on(
        "request", lambda r: stylesheets.append(r.url) if r.resource_type == "stylesheet" else None
    )
    tab.goto("/")
    assert stylesheets == []
    assert shown_theme(tab) == "dark"  # the system's preference, in the page's own CSS
    # The CSS the page leaves for later (open menus, transitions) comes at the first touch.
    later = tab.locator('link[rel=stylesheet][href^="/theme/later-"]')
    expect(later).to_have_count(0)
    tab.locator("header details[data-mobile-menu] summary").click()
    expect(later).to_have_count(1)
    assert [url.split("/")[-1][:6] for url in stylesheets] == ["later-"]
    full_page_screenshot(tab, "site-home-390-dark-css-in-the-page")
    assert tab.console_errors == []


def test_the_theme_set_in_site_settings_is_the_one_rendered(open_tab, demo):
    settings = ThemeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_theme = "corporate"
    settings.dark_theme = "night"
    settings.save()
    tab = open_tab()
    tab.goto("/")
    assert shown_theme(tab) == "corporate"
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    tab.locator("[data-theme-toggle]").click()
    assert shown_theme(tab) == "night"
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") != background
    full_page_screenshot(open_tab_and_go(open_tab, "/"), "site-home-1280-corporate")


def open_tab_and_go(open_tab, url: str):
    tab = open_tab()
    tab.goto(url)
    return tab


def test_blog_filters_swap_the_list_with_htmx_and_update_the_address(open_tab, demo):
    tab = open_tab()
    tab.goto("/blog/")
    tab.wait_for_function("() => window.htmx !== undefined")
    # htmx is fetched after the page has shown its first content, never ahead of it.
    painted, fetched = tab.evaluate(
        """() => [
          performance.getEntriesByName("first-contentful-paint")[0].startTime,
          performance.getEntriesByType("resource").find((r) => r.name.includes("htmx")).startTime,
        ]"""
    )
    assert fetched > painted
    tab.evaluate("window.__notReloaded = true")
    all_posts = tab.locator("#blog-listing article").count()
    tab.locator('a[data-filter="tag"]', has_text="#accessibility").click()
    tab.wait_for_url("**/blog/?tag=accessibility")
    tab.wait_for_function(
        f"() => document.querySelectorAll('#blog-listing article').length < {all_posts}"
    )
    assert tab.evaluate("window.__notReloaded") is True, "the page was reloaded"
    titles = set(tab.locator("#blog-listing article h3").all_inner_texts())
    assert titles == {
        "Seven themes, one click, and a dark mode that remembers",
        "Accessibility is a feature, and we test it like one",
        "Getting ready for every language, right to left included",
    }
    assert tab.locator('a[data-filter="tag"][aria-current="true"]').count() == 1
    tab.locator('a[data-filter="author"]', has_text="Lena Fischer").click()
    tab.wait_for_url("**/blog/?tag=accessibility&author=lena-fischer")
    expect(tab.locator("#blog-listing article")).to_have_count(2)
    assert tab.evaluate("window.__notReloaded") is True
    tab.go_back()
    tab.wait_for_url("**/blog/?tag=accessibility")
    tab.locator("a", has_text="Clear filters").click()
    tab.wait_for_url("**/blog/")
    assert tab.locator("#blog-listing article").count() == all_posts
    assert tab.console_errors == [], tab.console_errors


def test_blog_filters_are_plain_links_without_javascript(open_tab, demo):
    tab = open_tab(javascript=False)
    tab.goto("/blog/")
    all_posts = tab.locator("#blog-listing article").count()
    with tab.expect_navigation():
        tab.locator('a[data-filter="category"]', has_text="Design").click()
    assert tab.url.endswith("/blog/?category=design")
    filtered = tab.locator("#blog-listing article").count()
    assert 0 < filtered < all_posts
    assert tab.locator("html").get_attribute("class") in (None, "")  # no JS ran
    assert not tab.locator("[data-theme-toggle]").is_visible()  # JS-only control hidden


def test_the_pricing_switch_works_without_and_with_javascript(open_tab, demo):
    for javascript in (False, True):
        tab = open_tab(javascript=javascript)
        tab.goto("/pricing/")
        team = tab.locator("li", has=tab.locator("h2", has_text="Team"))
        assert team.locator(".price-monthly").first.is_visible()
        assert not team.locator(".price-yearly").first.is_visible()
        tab.get_by_label("Yearly").check()
        assert team.locator(".price-yearly").first.is_visible()
        assert "$290 billed yearly" in team.inner_text()
        assert not team.locator(".price-monthly").first.is_visible()
        if javascript:
            assert tab.url.endswith("?billing=yearly")
        tab.goto("/pricing/?billing=yearly")
        assert tab.locator(".plans-grid, ul").locator(".price-yearly").first.is_visible()


def test_every_page_type_passes_axe_in_the_other_five_themes(open_tab, demo):
    """Light and dark are checked above at two widths; here each remaining theme becomes the
    site default in turn and every page type is checked in it."""
    settings = ThemeSettings.for_site(Site.objects.get(is_default_site=True))
    tab = open_tab()
    problems = {}
    for theme in THEMES:
        if theme.name in ("light", "dark"):
            continue
        settings.default_theme = theme.name
        settings.save()
        for name, url in demo.items():
            tab.goto(url)
            assert shown_theme(tab) == theme.name
            if found := serious_violations(tab):
                problems[f"{name} in {theme.name}"] = found
        full_page_screenshot(tab, f"site-blog-post-1280-{theme.name}")
    assert not problems, problems


def test_the_newsletter_form_of_a_cached_page_works_with_and_without_javascript(
    open_tab, site, settings
):
    """Cached pages carry no CSRF token: with JavaScript the form fetches one as it is used;
    without, the first post comes back to be sent again (docs/performance.md)."""
    from cms.pages.models import NewsletterSubscription

    site.body = [("newsletter", {"heading": "Hear from us", "button_label": "Subscribe"})]
    site.save_revision().publish()
    settings.PAGE_CACHE_ENABLED = True
    for javascript in (True, False):
        tab = open_tab(width=390, javascript=javascript)
        tab.goto("/")
        tab.goto("/")  # the second time from the full-page cache
        email = f"{'with' if javascript else 'without'}-js@example.com"
        tab.locator("form.newsletter-form input[name=email]").first.fill(email)
        tab.locator("form.newsletter-form button[type=submit]").first.click()
        if not javascript:
            expect(tab.get_by_text("please check the form and send it again")).to_be_visible()
            tab.screenshot(path=str(SCREENSHOTS / "newsletter-send-again-390.png"), full_page=True)
            tab.locator("form.newsletter-form button[type=submit]").click()
        expect(tab.get_by_text("Thanks! You're on the list.")).to_be_visible()
        assert NewsletterSubscription.objects.filter(email=email).exists()
        if javascript:  # without it, the browser logs the send-again answer's 403
            assert tab.console_errors == [], tab.console_errors
