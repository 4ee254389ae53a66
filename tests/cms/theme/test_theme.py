"""Seven themes in one bundle; editors pick the default; the pair the toggle uses."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from cms.settings.env import BASE_DIR
from cms.theme.models import ThemeSettings
from cms.theme.themes import THEMES, pair_for


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
