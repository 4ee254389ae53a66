"""The header and footer come from snippets editors manage; edits show at once."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from cms.navigation.models import Footer, MainMenu
from cms.pages.models import StandardPage


@pytest.mark.django_db
def test_menu_and_footer_render_editor_links_and_follow_edits(client, home_page):
    about = home_page.add_child(instance=StandardPage(title="About", slug="about"))
    about.save_revision().publish()
    menu = MainMenu.objects.create(
        locale=Locale.get_default(),
        links=[
            ("link", {"label": "About us", "page": about, "url": ""}),
            ("link", {"label": "Docs", "page": None, "url": "https://docs.example.com/"}),
        ],
        buttons=[("button", {"label": "Try it", "url": "/about/", "style": "primary"})],
    )
    Footer.objects.create(
        locale=Locale.get_default(),
        tagline="Made with care.",
        columns=[
            ("column", {"heading": "Company", "links": [{"label": "About", "url": "/about/"}]})
        ],
        social_links=[("social", {"network": "github", "url": "https://github.com/example"})],
        legal_links=[("link", {"label": "Privacy", "url": "/privacy/"})],
        copyright="Example Ltd",
    )
    soup = BeautifulSoup(client.get("/about/").content, "html.parser")
    header = soup.find("header")
    links = {a.get_text(strip=True): a["href"] for a in header.select("nav ul a")}
    assert links["About us"] == "/about/"
    assert links["Docs"] == "https://docs.example.com/"
    assert header.find("a", string="About us").get("aria-current") == "page"
    assert header.find("a", string="Try it")
    assert soup.select_one("header [data-mobile-menu] summary[aria-label]")
    footer = soup.find("footer")
    assert "Made with care." in footer.get_text()
    assert footer.find("a", href="https://github.com/example").get_text(strip=True) == "GitHub"
    assert "Example Ltd" in footer.get_text()

    menu.links = [("link", {"label": "Company", "page": about, "url": ""})]
    menu.save()
    header = BeautifulSoup(client.get("/").content, "html.parser").find("header")
    assert "Company" in header.get_text()
    assert "About us" not in header.get_text()

    # A page's slug change moves the menu link with it.
    about.slug = "who-we-are"
    about.save_revision().publish()
    header = BeautifulSoup(client.get("/").content, "html.parser").find("header")
    assert header.find("a", string="Company")["href"] == "/who-we-are/"


@pytest.mark.django_db
def test_the_header_has_the_account_menu_slot_and_works_without_a_menu(client, home_page):
    html = client.get("/").content.decode()
    assert "data-theme-toggle" in html
    assert client.get("/").status_code == 200
