import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.shortcuts import resolve_url

from cms.blocks import BODY_BLOCKS
from cms.theme.themes import THEMES
from tests.site_apps.accounts.factories import UserFactory


@pytest.mark.django_db
def test_the_style_guide_is_for_staff_only(client, home_page):
    """Not signed in: on to the sign-in page and back. Signed in without access: told so
    (403), not sent to the sign-in page, which would send them straight back (a loop)."""
    response = client.get("/styleguide/", follow=True)
    assert response.redirect_chain[-1][0] == f"{resolve_url(settings.LOGIN_URL)}?next=/styleguide/"
    client.force_login(UserFactory(is_staff=False))
    refused = client.get("/styleguide/", follow=True)
    assert refused.status_code == 403
    assert "this account cannot open that page" in refused.content.decode()


@pytest.mark.django_db
def test_the_style_guide_renders_every_block_in_the_requested_theme(client, home_page):
    client.force_login(UserFactory(is_staff=True))
    for theme in THEMES:
        response = client.get(f"/styleguide/?theme={theme.name}")
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.html["data-theme"] == theme.name
        assert soup.html.has_attr("data-theme-fixed")
        assert not soup.html.has_attr("data-theme-auto")
        rendered = [div["data-block"] for div in soup.select("[data-block]")]
        assert rendered == [name for name, _ in BODY_BLOCKS]
    # The requested theme wins over the visitor's own choice; without one, theirs is shown.
    client.cookies["theme_mode"] = "dark"
    forced = BeautifulSoup(client.get("/styleguide/?theme=corporate").content, "html.parser")
    assert forced.html["data-theme"] == "corporate"
    plain = BeautifulSoup(client.get("/styleguide/").content, "html.parser")
    assert plain.html["data-theme"] == "dark"
    assert not plain.html.has_attr("data-theme-fixed")
