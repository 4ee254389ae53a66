"""The header and footer come from snippets editors manage; edits show at once."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.cms.home.factories import published
from tests.cms.navigation.factories import FooterFactory, MainMenuFactory
from tests.cms.pages.factories import StandardPageFactory


@pytest.mark.django_db
def test_menu_and_footer_render_editor_links_and_follow_edits(client, home_page):
    about = published(StandardPageFactory.create(parent=home_page, title="About", slug="about"))
    menu = MainMenuFactory.create(
        links=[
            ("link", {"label": "About us", "page": about, "url": ""}),
            ("link", {"label": "Docs", "page": None, "url": "https://docs.example.com/"}),
        ],
        buttons=[("button", {"label": "Try it", "url": "/about/", "style": "primary"})],
    )
    FooterFactory.create(
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


@pytest.mark.django_db
def test_menu_drafts_stay_unseen_until_published_or_scheduled(client, home_page, rf):
    """Main menu and footer have drafts, revisions, preview and scheduled publishing; visitors
    see only the live version (issue 12)."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    menu = MainMenuFactory.create(links=[("link", {"label": "Live link", "url": "/live/"})])
    menu.save_revision().publish()
    menu.links = [("link", {"label": "Draft link", "url": "/draft/"})]
    revision = menu.save_revision()  # a draft: the live row keeps the published links
    menu.refresh_from_db()
    assert menu.has_unpublished_changes
    assert "Live link" in client.get("/").content.decode()
    assert "Draft link" not in client.get("/").content.decode()

    draft = revision.as_object()
    preview = draft.make_preview_request(rf.get("/"), "")
    preview.render()
    assert "Draft link" in preview.content.decode()

    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    call_command("publish_scheduled")
    assert "Draft link" in client.get("/").content.decode()

    unpublished = FooterFactory.create(tagline="Not yet", live=False)
    assert "Not yet" not in client.get("/").content.decode()
    unpublished.save_revision().publish()
    assert "Not yet" in client.get("/").content.decode()
