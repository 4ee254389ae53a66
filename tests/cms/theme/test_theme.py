"""Seven themes in one bundle; editors pick the default; the pair the toggle uses; the visitor's
choice read by the server, the system's preference followed in CSS, the CSS in the page."""

from __future__ import annotations

import collections
import re
from typing import Any

import pytest
import tinycss2
from bs4 import BeautifulSoup
from wagtail.models import Site

from cms.settings.env import BASE_DIR
from cms.theme.models import ThemeSettings
from cms.theme.themes import THEMES, pair_for
from tests.csp import sha256_source


def test_the_css_bundle_carries_exactly_the_registered_themes():
    source = (BASE_DIR / "cms/theme/static_src/src/styles.css").read_text()
    line = re.search(r"themes:\s*([^;]+);", source).group(1)
    names = [part.split()[0] for part in line.split(",")]
    assert names == [t.name for t in THEMES]
    assert len(THEMES) == 7
    assert sum(t.dark for t in THEMES) == 3
    built = (BASE_DIR / "static/css/site.css").read_text()
    for theme in THEMES:
        assert f"[data-theme={theme.name}]" in built, theme.name


def test_the_toggle_pairs_a_light_default_with_the_chosen_dark_theme():
    assert pair_for("corporate", "night") == pair_for("corporate", "night")
    pair = pair_for("corporate", "night")
    assert (pair.default, pair.light, pair.dark) == ("corporate", "corporate", "night")
    dark_default = pair_for("dracula", "night")
    assert (dark_default.light, dark_default.dark) == ("light", "dracula")
    assert pair_for("no-such-theme").default == "light"


@pytest.mark.django_db
def test_the_site_setting_changes_the_rendered_theme(client, home_page):
    html = BeautifulSoup(client.get("/").content, "html.parser").html
    assert (html["data-theme"], html["data-dark-theme"]) == ("light", "dark")
    settings = ThemeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_theme = "emerald"
    settings.dark_theme = "dracula"
    settings.save()
    html = BeautifulSoup(client.get("/").content, "html.parser").html
    assert html["data-theme"] == "emerald"
    assert html["data-light-theme"] == "emerald"
    assert html["data-dark-theme"] == "dracula"


def _html(response) -> Any:
    return BeautifulSoup(response.content, "html.parser").html


@pytest.mark.django_db
def test_the_visitors_choice_is_a_cookie_the_server_reads_before_the_first_paint(client, home_page):
    html = _html(client.get("/"))
    # No choice: the site's default, marked for the system's dark preference (in CSS).
    assert html["data-theme"] == "light"
    assert html.has_attr("data-theme-auto")
    pressed = "[data-theme-toggle][aria-pressed=true]"
    assert not html.select(pressed)  # the system's answer comes from site.js, once idle
    client.cookies["theme_mode"] = "dark"
    html = _html(client.get("/"))
    assert html["data-theme"] == "dark"
    assert not html.has_attr("data-theme-auto")
    assert html.select(pressed)  # the toggle's state is right from the first paint too
    client.cookies["theme_mode"] = "light"
    html = _html(client.get("/"))
    assert html["data-theme"] == "light"
    assert not html.select(pressed)
    client.cookies["theme_mode"] = "<script>"  # not a mode: ignored
    html = _html(client.get("/"))
    assert html["data-theme"] == "light"
    assert html.has_attr("data-theme-auto")


@pytest.mark.django_db
def test_a_dark_choice_names_the_sites_own_dark_theme(client, home_page):
    settings = ThemeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_theme = "corporate"
    settings.dark_theme = "night"
    settings.save()
    client.cookies["theme_mode"] = "dark"
    assert _html(client.get("/"))["data-theme"] == "night"
    client.cookies["theme_mode"] = "light"
    assert _html(client.get("/"))["data-theme"] == "corporate"


@pytest.mark.django_db
def test_with_the_css_in_the_page_nothing_is_fetched_before_the_first_paint(
    client, home_page, settings
):
    """No script and no stylesheet in <head>: the CSS is in the page, allowed by its hash, and
    every script is deferred to the end of <body>."""
    settings.INLINE_STYLESHEET = True
    response = client.get("/")
    head = BeautifulSoup(response.content, "html.parser").head
    assert [s["type"] for s in head.find_all("script")] == ["application/ld+json"]  # data
    # Only for a browser without JavaScript: a link inside <noscript>.
    links = head.find_all("link", rel="stylesheet")
    assert [link.find_parent("noscript") is not None for link in links] == [True]
    css = head.find("style").get_text()
    assert ".btn{" in css
    assert "[data-theme=light]" in css
    policy = response["Content-Security-Policy"]
    style_src = re.search(r"style-src ([^;]*)", policy).group(1).split()
    assert style_src == ["'self'", sha256_source(css)]
    assert "unsafe-inline" not in policy


def _rules(css: str) -> collections.Counter:
    """Each declaration with its selector and at-rules, and each other at-rule, as parsed."""
    found: collections.Counter = collections.Counter()

    def walk(nodes, context):
        for node in nodes:
            if node.type == "qualified-rule":
                selector = tinycss2.serialize(node.prelude).strip()
                for item in tinycss2.parse_blocks_contents(node.content, skip_whitespace=True):
                    if item.type == "declaration":
                        value = tinycss2.serialize(item.value).strip()
                        found[(context, selector, item.lower_name, value, item.important)] += 1
            elif node.type == "at-rule":
                prelude = tinycss2.serialize(node.prelude).strip()
                if node.lower_at_keyword in ("media", "supports", "layer") and node.content:
                    inner = tinycss2.parse_blocks_contents(node.content, skip_whitespace=True)
                    walk(inner, (*context, f"@{node.lower_at_keyword} {prelude}"))
                else:
                    found[(context, node.lower_at_keyword, prelude, node.serialize())] += 1

    walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True), ())
    return found


@pytest.mark.django_db
def test_the_page_and_the_later_css_together_hold_the_whole_stylesheet(client, home_page, settings):
    """What the Nu HTML Checker would refuse in a <style> element comes once the page has
    loaded, from a file kept for a year; nothing of the built CSS is lost on the way."""
    settings.INLINE_STYLESHEET = True
    head = BeautifulSoup(client.get("/").content, "html.parser").head
    style = head.find("style")
    later = client.get(style["data-later-css"])
    assert later.status_code == 200
    assert later["Content-Type"] == "text/css; charset=utf-8"
    assert later["Cache-Control"] == "public, max-age=31536000, immutable"
    assert head.find("noscript").find("link")["href"] == style["data-later-css"]
    later_css = later.content.decode()
    built = _rules((BASE_DIR / "static/css/site.css").read_text())
    # Tailwind's @property registrations, and its fallback for browsers without them, give
    # way to the same initial values on every element, in the page's CSS.
    defaults = re.findall(r"@property (--[\w-]+)\{[^}]*initial-value:([^;}]*)", str(built))
    replaced = [
        rule for rule in built if rule[1] == "property" or rule[0][:1] == ("@layer properties",)
    ]
    assert len(replaced) > 50
    for rule in replaced:
        del built[rule]
    assert not built - _rules(style.get_text()) - _rules(later_css)
    page_defaults = style.get_text().split("}}")[0]  # the first layer: `properties`
    assert page_defaults.startswith("@layer properties{*,:before,:after,::backdrop{")
    for name, value in defaults:
        assert f"{name}:{value}" in page_defaults, name
    # One that inherits is set on the root only, so it still inherits.
    assert ":root{--radialprogress:0%" in page_defaults
    # The later part is small, and only what the checker does not know.
    assert len(later_css) < len(style.get_text()) / 10
    assert "@property" not in later_css
    assert "@property" not in style.get_text()
    # Tailwind's @property initial values, on every element (as Tailwind does without it).
    assert "--tw-shadow:0 0 #0000" in style.get_text().split("}")[0]
    # A page from before a release may ask for an older digest: today's CSS, kept briefly.
    old = client.get("/theme/later-000000000000.css")
    assert old.content == later.content
    assert old["Cache-Control"] == "public, max-age=60"


def _declarations(css: str, selector: str) -> str:
    return re.search(re.escape(selector) + r"\{([^{}]*)\}", css).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("inline", [False, True], ids=["linked", "in-the-page"])
def test_a_dark_system_picks_the_sites_dark_theme_in_css_alone(client, home_page, settings, inline):
    settings.INLINE_STYLESHEET = inline
    css = BeautifulSoup(client.get("/").content, "html.parser").head.find("style").get_text()
    built = (BASE_DIR / "static/css/site.css").read_text()
    for theme in THEMES:
        auto = f":root[data-theme-auto][data-dark-theme={theme.name}]"
        if not theme.dark:
            assert auto not in css
            continue
        # The same colours as daisyUI's theme, under the system's preference.
        assert f"@media (prefers-color-scheme:dark){{{auto}{{" in css
        assert _declarations(css, auto) == _declarations(built, f"[data-theme={theme.name}]")
        assert "color-scheme:dark" in _declarations(css, auto)


@pytest.mark.django_db
def test_by_default_pages_link_the_stylesheet_and_carry_the_dark_rules(client, home_page):
    """No script before the first paint: one stylesheet, and the system-dark rules in the page,
    allowed by their hash."""
    response = client.get("/")
    head = BeautifulSoup(response.content, "html.parser").head
    assert [s["type"] for s in head.find_all("script")] == ["application/ld+json"]  # data
    assert head.find("link", rel="stylesheet")["href"].endswith(".css")
    assert client.get("/theme/later-000000000000.css").status_code == 404  # all in the file
    css = head.find("style").get_text()
    assert css.startswith("@media (prefers-color-scheme:dark)")
    assert len(css) < 8_000
    assert sha256_source(css) in response["Content-Security-Policy"]


def test_a_policy_that_allows_any_inline_style_gets_no_hash(rf, settings):
    """A hash beside 'unsafe-inline' would switch 'unsafe-inline' off: a page the admin
    previews (under ADMIN_CSP) carries the stylesheet but its policy is left as it is."""
    from django.http import HttpResponse

    from cms.middleware import ContentSecurityPolicyMiddleware
    from cms.theme.stylesheet import allow_inline_style, page_style
    from site_apps.common.compat import override_csp

    def finish(config):
        request = rf.get("/")
        allow_inline_style(request, page_style())
        response = HttpResponse("<html></html>")
        if config is not None:
            override_csp(response, config)
        middleware = ContentSecurityPolicyMiddleware(lambda _request: response)
        middleware.process_request(request)
        return middleware.process_response(request, response)["Content-Security-Policy"]

    admin = finish(settings.ADMIN_CSP)
    assert "style-src 'self' 'unsafe-inline';" in admin
    assert "sha256-" not in admin
    assert page_style().csp_source in finish(None)
    assert page_style().csp_source in finish(settings.SECURE_CSP | {"form-action": ["'self'"]})


def test_the_dark_rules_are_read_however_the_css_is_written():
    """`make css` merges daisyUI's theme and our adjustments into one minified rule; the watcher
    under `make run` writes them as two readable rules, quoted, the later winning."""
    from cms.theme.stylesheet import system_dark_rules

    readable = "\n".join(
        f"""@layer base {{
  :root:has(input.theme-controller[value="{name}"]:checked),[data-theme="{name}"] {{
    color-scheme: dark;
    --color-primary: oklch(58% 0.233 277.117);
  }}
}}
:is([data-theme="{name}"], [data-theme="other"]) .surface-brand {{ --color-primary: red; }}
@layer base {{
  [data-theme="{name}"] {{
    --color-primary: oklch(72% 0.16 277);
  }}
}}"""
        for name in ("dark", "dracula", "night")
    )
    rules = system_dark_rules(tinycss2.parse_stylesheet(readable, skip_whitespace=True))
    assert rules.count("@media (prefers-color-scheme:dark)") == 3
    assert (
        "@media (prefers-color-scheme:dark){:root[data-theme-auto][data-dark-theme=night]"
        "{color-scheme:dark;--color-primary:oklch(72% 0.16 277)}}"
    ) in rules
    with pytest.raises(ValueError, match="'dracula' theme"):
        system_dark_rules(tinycss2.parse_stylesheet(readable.replace("dracula", "x")))
