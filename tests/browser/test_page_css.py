"""A page's own rules (cms/theme/page_css.py) style every element exactly as the whole
stylesheet does, in every language, width and mode; the whole file comes at the first touch."""

from __future__ import annotations

import pytest

from cms.blog.models import BlogPostPage
from tests.browser.axe import TRANSITIONS_DONE

# Every computed property of an element of the page and of its ::before and ::after, sorted,
# custom properties included: `STYLES(i)` for the i-th, `HASHES` a hash of each, so that two
# loads compare element by element without sending megabytes over.
ELEMENT_STYLE = """(element) => {
  const parts = [];
  for (const pseudo of [null, "::before", "::after"]) {
    const style = getComputedStyle(element, pseudo);
    if (pseudo && style.content === "none") continue;
    for (let i = 0; i < style.length; i++) {
      parts.push((pseudo || "") + style[i] + ":" + style.getPropertyValue(style[i]));
    }
  }
  return element.tagName + ";" + parts.sort().join(";");
}"""
ELEMENTS = 'document.querySelectorAll("html, body, body *")'
HASHES = f"""() => Array.from({ELEMENTS}, (element) => {{
  const text = ({ELEMENT_STYLE})(element);
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}})"""
STYLES = f"(index) => ({ELEMENT_STYLE})({ELEMENTS}[index])"
# The whole file, added by site.js at the first touch, has loaded and applies.
WHOLE_FILE_APPLIED = """() => [...document.styleSheets].some(
  (sheet) => sheet.href && sheet.href.includes("/static/css/site.")
)"""


def _record_stylesheets(tab) -> list[str]:
    """The address of every stylesheet the tab asks for from now on."""
    fetched: list[str] = []
    tab.on("request", lambda r: fetched.append(r.url) if r.resource_type == "stylesheet" else None)
    return fetched


def _first_difference(mine, whole) -> str:
    ours, theirs = mine.evaluate(HASHES), whole.evaluate(HASHES)
    assert len(ours) == len(theirs), "the two loads built different pages"
    for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if a != b:
            one, other = mine.evaluate(STYLES, index), whole.evaluate(STYLES, index)
            diff = sorted(set(one.split(";")) ^ set(other.split(";")))
            return f"element {index} ({one.split(';')[0]}): {diff[:6]}"
    return ""


@pytest.fixture
def pages(multilingual):
    post = BlogPostPage.objects.live().filter(locale__language_code="en").order_by("-date")[0]
    return [
        "/",
        "/about/",
        "/pricing/",
        "/contact/",
        "/blog/",
        post.url,
        "/accounts/login/",
        "/ar/",
        "/ar/contact/",
        "/es/pricing/",
    ]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_pages_own_rules_style_it_as_the_whole_stylesheet(browser, live_server, pages, dark):
    # Two visitors: one never touches a page, the other touches each (and forgets that it holds
    # the whole file, so that each page links its own rules first).
    contexts = [
        browser.new_context(
            base_url=live_server.url,
            viewport={"width": 390, "height": 900},
            color_scheme="dark" if dark else "light",
        )
        for _ in range(2)
    ]
    mine, whole = (context.new_page() for context in contexts)
    fetched = _record_stylesheets(mine)
    for url in pages:
        contexts[1].clear_cookies()
        for tab in (mine, whole):
            tab.goto(url)
            link = tab.locator("link[data-whole-css]")
            assert link.count() == 1, f"{url} links the whole file"
            assert "/theme/css/" in link.get_attribute("href")
        # The first touch adds the whole file after the page's own rules.
        whole.dispatch_event("body", "pointerdown")
        whole.wait_for_function(WHOLE_FILE_APPLIED)
        for width in (390, 1280):
            for tab in (mine, whole):
                tab.set_viewport_size({"width": width, "height": 900})
                tab.evaluate(TRANSITIONS_DONE)
            problem = _first_difference(mine, whole)
            assert not problem, f"{url} at {width}px: {problem}"
    # Without a touch, the page fetched its own rules alone.
    assert fetched
    assert all("/theme/css/" in url for url in fetched), fetched
    for context in contexts:
        context.close()


def test_a_visitor_following_a_link_gets_the_whole_file_fetched_on_the_page_before(
    browser, live_server, site
):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto("/")
    assert "/theme/css/" in tab.locator("link[rel=stylesheet]").get_attribute("href")
    assert context.cookies() == []  # nothing stored on the visitor's device for it
    tab.dispatch_event("body", "pointerdown")  # the first touch: the whole file comes
    tab.wait_for_function(WHOLE_FILE_APPLIED)
    fetched = _record_stylesheets(tab)
    tab.locator("header").get_by_role("link", name="Sign in").first.click()
    tab.wait_for_url("**/accounts/login/**")
    assert tab.locator("link[rel=stylesheet]").get_attribute("href").startswith("/static/css/site.")
    assert not [url for url in fetched if "/theme/css/" in url]
    # Typed or opened from elsewhere, the same page links its own rules.
    tab.goto("/accounts/login/")
    assert "/theme/css/" in tab.locator("link[rel=stylesheet]").get_attribute("href")
    context.close()
