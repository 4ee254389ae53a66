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


def _menu_links(client, path: str) -> dict[str, str]:
    header = BeautifulSoup(client.get(path).content, "html.parser").find("header")
    return {a.get_text(strip=True): str(a["href"]) for a in header.select("nav ul a")}


def _footer_links(client, path: str) -> dict[str, str]:
    footer = BeautifulSoup(client.get(path).content, "html.parser").find("footer")
    return {a.get_text(strip=True): str(a["href"]) for a in footer.select("a[href]")}


@pytest.mark.django_db
def test_the_demo_menus_link_pages_so_they_follow_an_editors_renames_unpublishing_and_language(
    client, multilingual_site
):
    """The demo's menu and footer link the pages themselves, not typed paths: a renamed page
    keeps its menu entry, an unpublished one leaves the menu and footer (no link to a 404),
    and each language's menu leads to that language's page."""
    from wagtail.models import Locale, Page

    developers = Page.objects.get(
        slug="developers", locale=Locale.get_default(), depth=multilingual_site.depth + 1
    )
    spanish = developers.get_translation(Locale.objects.get(language_code="es"))
    english_label = "Developers"
    assert _menu_links(client, "/")[english_label] == "/developers/"
    assert spanish.url.startswith("/es/")
    assert spanish.url in _menu_links(client, "/es/").values()
    assert spanish.url in _footer_links(client, "/es/").values()

    developers.specific.slug = "build"
    developers.specific.save_revision().publish()
    assert _menu_links(client, "/")[english_label] == "/build/"
    assert _footer_links(client, "/")[english_label] == "/build/"

    developers.specific.unpublish()
    assert english_label not in _menu_links(client, "/")
    assert english_label not in _footer_links(client, "/")
    assert "/build/" not in _footer_links(client, "/").values()
    # The Spanish page is still live: the Spanish menu still leads there.
    assert spanish.url in _menu_links(client, "/es/").values()

    privacy = Page.objects.get(slug="privacy", locale=Locale.get_default()).specific
    privacy.unpublish()
    assert "/privacy/" not in _footer_links(client, "/").values()
