"""The first paint does not wait for the theme script: it is in the page, allowed by its hash
in the CSP (Lighthouse's render-blocking insight). Uploaded image renditions carry a year's
cache life; the blog index's first card image (the LCP on a phone) is fetched first."""

from __future__ import annotations

import base64
import hashlib

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory, override_settings

from cms.settings.env import BASE_DIR
from cms.urls import serve_media
from tests.site_apps.accounts.factories import UserFactory


def _sha256_source(path: str) -> str:
    digest = hashlib.sha256((BASE_DIR / "static" / path).read_bytes()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _directive(csp: str, name: str) -> list[str]:
    for part in csp.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"no {name} in {csp}")


def _scripts(head) -> list:
    # JSON-LD data blocks are not scripts: the CSP does not apply to them.
    return [s for s in head.find_all("script") if s.get("type") != "application/ld+json"]


@pytest.mark.django_db
def test_the_theme_script_is_inline_allowed_by_its_hash_and_runs_before_the_css(client, home_page):
    response = client.get("/")
    head = BeautifulSoup(response.content, "html.parser").head

    (script,) = _scripts(head)
    assert script.get("src") is None
    assert script.string == (BASE_DIR / "static/js/theme-init.js").read_text()
    # It still runs before the stylesheet and the body (no theme flash).
    stylesheet = head.find("link", rel="stylesheet")
    assert stylesheet["href"].endswith(".css")
    assert str(head).index("<script>") < str(head).index(str(stylesheet))
    assert head.find("style") is None  # no other inline code

    # The policy allows exactly this text: no nonce (pages come from a cache), no
    # 'unsafe-inline'.
    csp = response["Content-Security-Policy"]
    assert _directive(csp, "script-src") == ["'self'", _sha256_source("js/theme-init.js")]
    assert _directive(csp, "style-src") == ["'self'"]
    assert "unsafe-inline" not in csp
    assert "nonce-" not in csp


@pytest.mark.django_db
def test_a_signed_in_page_has_the_same_inline_theme_script(client, home_page):
    client.force_login(UserFactory())
    response = client.get("/")
    (script,) = _scripts(BeautifulSoup(response.content, "html.parser").head)
    assert script.string == (BASE_DIR / "static/js/theme-init.js").read_text()
    assert _sha256_source("js/theme-init.js") in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_with_debug_on_the_script_is_linked_so_edits_show(client, home_page):
    with override_settings(DEBUG=True):
        head = BeautifulSoup(client.get("/").content, "html.parser").head
    (script,) = _scripts(head)
    assert script["src"].endswith("theme-init.js")


def test_image_renditions_are_cached_for_a_year_originals_for_a_day(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "photo.width-800.format-webp.webp").write_bytes(b"RIFF")
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "photo.jpg").write_bytes(b"\xff\xd8")
    request = RequestFactory().get("/media/")
    with override_settings(MEDIA_ROOT=tmp_path):
        rendition = serve_media(request, "images/photo.width-800.format-webp.webp")
        original = serve_media(request, "original_images/photo.jpg")
    assert rendition.status_code == 200
    assert rendition["Cache-Control"] == "public, max-age=31536000, immutable"
    assert original["Cache-Control"] == "public, max-age=86400"


@pytest.mark.django_db
def test_the_blog_index_loads_its_first_card_image_first_and_the_rest_lazily(client, home_page):
    """On a phone the first card's image is the largest paint (LCP): fetched at once, at high
    priority; the cards below the fold wait until they are scrolled near."""
    from tests.cms.blog.factories import make_blog, make_posts

    blog = make_blog(home_page)
    make_posts(blog, 3)
    cards = BeautifulSoup(client.get(blog.url).content, "html.parser").select("article img")
    assert len(cards) == 3
    assert cards[0]["fetchpriority"] == "high"
    assert "loading" not in cards[0].attrs
    for card in cards[1:]:
        assert card["loading"] == "lazy"
        assert "fetchpriority" not in card.attrs
