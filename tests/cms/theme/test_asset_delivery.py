"""What the browser may keep and what it fetches first: uploaded image renditions carry a
year's cache life; the blog index's first card image (the LCP on a phone) is fetched first."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory, override_settings

from cms.urls import serve_media


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
    priority, and decoded for the frame that first shows the page (with `decoding="async"`
    Chromium painted the text first and the image a frame later, and Lighthouse counted the
    largest paint 0.3 s later); the cards below the fold wait until they are scrolled near."""
    from tests.cms.blog.factories import make_blog, make_posts

    blog = make_blog(home_page)
    make_posts(blog, 3)
    cards = BeautifulSoup(client.get(blog.url).content, "html.parser").select("article img")
    assert len(cards) == 3
    assert cards[0]["fetchpriority"] == "high"
    assert "loading" not in cards[0].attrs
    assert cards[0]["decoding"] == "sync"
    for card in cards[1:]:
        assert card["loading"] == "lazy"
        assert "fetchpriority" not in card.attrs
        assert card["decoding"] == "async"
