"""Search engines and sharing: meta tags, canonical, Open Graph, JSON-LD, sitemap, robots."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.cms.blog.factories import make_author, make_blog, make_posts
from tests.cms.images import make_image

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(str(s.string)) for s in soup.find_all("script", type="application/ld+json")]


@pytest.mark.django_db
def test_home_has_description_canonical_open_graph_and_organization(client, home_page):
    home_page.search_description = "Marketing sites, done."
    home_page.social_image = make_image("Share card", (1600, 900))
    home_page.save_revision().publish()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Marketing sites, done."
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/"
    og_image = soup.find("meta", property="og:image")["content"]
    assert og_image.startswith("http")
    assert ".fill-1200x630" in og_image
    assert soup.find("meta", property="og:image:width")["content"] == "1200"
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    (organization,) = json_ld(soup)
    assert organization["@type"] == "Organization"
    assert organization["logo"].endswith("/static/img/icon-512.png")
    # A marketing page offers no installation: the signed-in app does (below).
    assert soup.find("link", rel="manifest") is None
    assert soup.find("link", rel="icon")


@pytest.mark.django_db
def test_a_post_has_blog_posting_json_ld_with_its_hero_image(client, home_page):
    blog = make_blog(home_page)
    (post,) = make_posts(blog, 1, author=make_author("Ada Moreau"), tags=["themes"])
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")
    (posting,) = json_ld(soup)
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == post.title
    assert posting["author"] == {"@type": "Person", "name": "Ada Moreau"}
    assert posting["datePublished"] == post.date.isoformat()
    assert posting["keywords"] == "themes"
    assert ".fill-1200x630" in posting["image"][0]
    assert soup.find("meta", property="og:type")["content"] == "article"


@pytest.mark.django_db
def test_sitemap_is_xml_listing_every_live_page(client, home_page):
    blog = make_blog(home_page)
    make_posts(blog, 2)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}
    assert {
        "http://localhost/",
        "http://localhost/blog/",
        "http://localhost/blog/post-0/",
    } <= locations


def test_favicon_ico_leads_to_the_site_icon(client):
    for response in (client.get("/favicon.ico"), client.head("/favicon.ico")):
        assert response.status_code == 302
        assert response["Location"].startswith("/static/img/favicon-32")
    assert client.get("/favicon.ico", follow=True).status_code == 200


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
def test_the_web_manifest_names_the_site_and_its_icons(client, home_page):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Lumen"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
    # Installed, it opens the app: the person's teams, after a sign-in when needed.
    assert manifest["start_url"] == "/teams/"
    assert client.get(manifest["start_url"])["Location"].startswith("/accounts/login/")
    # The app's pages link it (a marketing page does not: above).
    sign_in = BeautifulSoup(client.get("/accounts/login/").content, "html.parser")
    assert sign_in.find("link", rel="manifest")["href"] == "/manifest.webmanifest"
