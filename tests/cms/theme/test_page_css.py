"""A page's own rules (cms/theme/page_css.py): which rules a page keeps, the address that says
so, the view that makes them, and who gets them. That they style a page exactly as the whole
file does is checked in Chromium (tests/browser/test_page_css.py)."""

from __future__ import annotations

import re

import brotli
import pytest
import tinycss2
from bs4 import BeautifulSoup

from cms.theme.middleware import page_classes
from cms.theme.page_css import _requirement, _tree, _write, address, page_css, stylesheet
from tests.site_apps.accounts.factories import UserFactory

# A new connection's first round trip carries ten TCP segments (14,600 bytes), the response's
# headers (about 1 KB here) included.
FIRST_ROUND_TRIP = 13_600


def _possible(selector: str, present: set[str]) -> bool:
    prelude = tinycss2.parse_one_rule(selector + "{}").prelude
    return _requirement(prelude).possible(frozenset(present))


def test_a_rule_is_left_out_only_when_its_selector_cannot_match():
    assert _possible("a", set())  # no class: always in
    assert _possible(".btn", {"btn"})
    assert not _possible(".btn", set())
    assert not _possible(".btn.btn-primary", {"btn"})
    assert _possible(".menu :where(li:not(.menu-title))", {"menu"})  # :not() asks nothing
    assert _possible(":is(.input,.select) option", {"select"})  # one of :is() will do
    assert not _possible(":is(.input,.select) option", {"btn"})
    assert not _possible(".card:has(.card-body)", {"card"})
    assert _possible(".md\\:grid-cols-2", {"md:grid-cols-2"})  # Tailwind's escapes
    assert _possible("[data-theme=dark]", set())


def test_a_rule_keeps_only_its_selectors_that_can_match_and_the_layers_stay():
    css = (
        "@layer theme,base,utilities;@layer base{}"
        "@layer utilities{:root:has(.theme-controller:checked),[data-theme=dark]{color:red}"
        ".btn{color:blue}@media (min-width:40rem){.md\\:flex{display:flex}}}"
        '@property --x{syntax:"*";inherits:false}'
    )
    tree = _tree(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))
    assert _write(tree, frozenset()) == (
        "@layer theme,base,utilities;@layer base{}"
        "@layer utilities{[data-theme=dark]{color:red}}"
        '@property --x{syntax:"*";inherits:false}'
    )
    assert "@media (min-width:40rem){.md\\:flex{display:flex}}" in _write(
        tree, frozenset({"md:flex"})
    )


def test_the_pages_classes_are_read_from_its_class_attributes_however_quoted():
    html = b"""<a class="btn  btn-primary" data-class="x"><b class='badge'></b><i class=""></i>
    <p>class="not-in-an-attribute"</p><svg class="size-4\nshrink-0"></svg>"""
    assert page_classes(html) == {"btn", "btn-primary", "badge", "size-4", "shrink-0"}


def test_the_address_names_the_pages_classes_and_nothing_else():
    sheet = stylesheet()
    key = sheet.key({"btn", "prose", "not-a-class-here"})
    assert sheet.classes_of(key) == frozenset({"btn", "prose"})
    assert sheet.classes_of("!!") is None
    assert sheet.classes_of("AA") is None  # the wrong length for this build
    build, key, signature = address({"btn"})
    assert page_css(build, key, signature) is not None
    assert page_css(build, key, "A" * len(signature)) is None  # not signed here
    assert page_css("000000000000", key, signature) is None  # another build


@pytest.mark.django_db
def test_an_anonymous_page_links_its_own_rules_which_fit_a_first_round_trip(client, demo_site):
    response = client.get("/")
    link = BeautifulSoup(response.content, "html.parser").head.find("link", rel="stylesheet")
    assert re.fullmatch(r"/theme/css/[0-9a-f]{12}\.[\w-]+\.[\w-]+\.css", str(link["href"]))
    assert link["data-whole-css"] == "/static/css/site.css"
    css = client.get(str(link["href"]), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert css.status_code == 200
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert css["Content-Encoding"] == "br"
    assert "Accept-Encoding" in css["Vary"]
    assert css["Cache-Control"] == "public, max-age=31536000, immutable"
    own = brotli.decompress(css.content).decode()
    whole = stylesheet().whole
    assert len(css.content) <= FIRST_ROUND_TRIP < len(brotli.compress(whole.encode(), quality=11))
    assert len(own) < len(whole) * 0.8
    assert ".prose" in own  # the demo home has rich text (its FAQ) and a form
    assert ".input" in own
    assert ".file-input" not in own  # no upload on the home page
    plain = client.get(str(link["href"]), headers={"Accept-Encoding": "identity"})
    assert plain.content.decode() == own


@pytest.mark.django_db
def test_an_address_not_signed_here_gets_the_whole_file_briefly(client):
    """A page kept from before a release, or an address someone made up: each new address
    costs tens of milliseconds to make, so only the site's own are made."""
    build, key, _ = address({"btn"})
    for made_up in (f"{build}.{key}.AAAAAAAAAAAA", f"000000000000.{key}.AAAAAAAAAAAA"):
        response = client.get(f"/theme/css/{made_up}.css")
        assert response.status_code == 200
        assert response.content.decode() == stylesheet().whole
        assert response["Cache-Control"] == "public, max-age=60"
    assert client.get(f"/theme/css/nothex.{key}.AAAA.css").status_code == 404


@pytest.mark.django_db
def test_a_signed_in_visitor_keeps_the_whole_stylesheet(client, home_page):
    client.force_login(UserFactory.create())
    head = BeautifulSoup(client.get("/").content, "html.parser").head
    link = head.find("link", rel="stylesheet")
    assert link["href"] == "/static/css/site.css"
    assert "data-whole-css" not in link.attrs


@pytest.mark.django_db
def test_a_visitor_coming_from_another_of_our_pages_gets_the_whole_file(client, home_page):
    """They touched that page to follow its link, so `site.js` fetched the whole file there;
    the browser says where a navigation came from in `Sec-Fetch-Site`."""

    def linked(**headers: str) -> tuple[str, str]:
        response = client.get("/", headers=headers)
        head = BeautifulSoup(response.content, "html.parser").head
        return str(head.find("link", rel="stylesheet")["href"]), response["Vary"]

    ours = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate"}
    href, vary = linked(**ours)
    assert href == "/static/css/site.css"
    assert "Sec-Fetch-Site" in vary
    for elsewhere in (
        {},
        {**ours, "Sec-Fetch-Site": "cross-site"},
        {**ours, "Sec-Fetch-Site": "none"},
    ):
        assert linked(**elsewhere)[0].startswith("/theme/css/")
