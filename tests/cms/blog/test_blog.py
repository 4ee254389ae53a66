"""The newsfeed: filters (plain links and htmx), pages, related posts, feeds, query counts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.blog.selectors import related_posts
from tests.cms.blog.factories import make_author, make_blog, make_category, make_posts
from tests.cms.images import make_image
from tests.cms.redis_calls import count_cache_calls

ATOM = "{http://www.w3.org/2005/Atom}"


def titles(html: bytes) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("#blog-listing article h3 a")]


@pytest.fixture
def blog(home_page):
    return make_blog(home_page)


@pytest.fixture
def populated_blog(blog):
    ada, kenji = make_author("Ada Moreau"), make_author("Kenji Watanabe")
    design, engineering = make_category("Design"), make_category("Engineering")
    make_posts(blog, 2, author=ada, categories=[design], tags=["themes"], start=0)
    make_posts(blog, 3, author=kenji, categories=[engineering], tags=["django"], start=2)
    return blog


def test_the_index_lists_posts_newest_first_with_filter_links(client, populated_blog):
    response = client.get(populated_blog.url)
    assert response.status_code == 200
    assert titles(response.content) == [f"Post number {n}" for n in (4, 3, 2, 1, 0)]
    soup = BeautifulSoup(response.content, "html.parser")
    filters = {f"{a['data-filter']}:{a['href']}" for a in soup.select("a[data-filter]")}
    assert "tag:/blog/?tag=themes" in filters
    assert "category:/blog/?category=design" in filters
    assert "author:/blog/?author=ada-moreau" in filters
    assert soup.find("link", rel="alternate", type="application/rss+xml")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag=themes", [1, 0]),
        ("category=engineering", [4, 3, 2]),
        ("author=ada-moreau", [1, 0]),
        ("author=ada-moreau&tag=django", []),
        ("tag=no-such-tag", []),
    ],
)
def test_filters_by_tag_category_and_author_with_plain_links(
    client, populated_blog, query, expected
):
    response = client.get(f"{populated_blog.url}?{query}")
    assert response.status_code == 200
    assert titles(response.content) == [f"Post number {n}" for n in expected]
    if not expected:
        assert b"No posts match" in response.content


def test_an_active_filter_links_back_to_all_posts(client, populated_blog):
    soup = BeautifulSoup(client.get(f"{populated_blog.url}?tag=themes").content, "html.parser")
    active = soup.select_one('a[data-filter="tag"][aria-current="true"]')
    assert active["href"] == "/blog/"
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex, follow"})


def test_htmx_gets_only_the_listing_partial(client, populated_blog):
    response = client.get(f"{populated_blog.url}?tag=django", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div id="blog-listing"')
    assert titles(response.content) == ["Post number 4", "Post number 3", "Post number 2"]
    # Back/forward restores ask for the whole page.
    restore = client.get(
        f"{populated_blog.url}?tag=django",
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert b"<html" in restore.content


def test_pages_of_posts_link_newer_and_older(client, blog):
    blog.posts_per_page = 2
    blog.save_revision().publish()
    make_posts(blog, 5)
    first = BeautifulSoup(client.get(blog.url).content, "html.parser")
    assert first.find("a", rel="next")["href"] == "/blog/?page=2"
    assert first.find("a", rel="prev") is None
    second = client.get("/blog/?page=2")
    assert titles(second.content) == ["Post number 2", "Post number 1"]
    soup = BeautifulSoup(second.content, "html.parser")
    assert soup.find("a", rel="prev")["href"] == "/blog/"
    last = client.get("/blog/?page=3")
    assert titles(last.content) == ["Post number 0"]
    assert BeautifulSoup(last.content, "html.parser").find("a", rel="next") is None
    assert client.get("/blog/?page=").status_code == 200  # an empty field is the first page


IMPOSSIBLE_LISTINGS = [
    "page=9223372036854775807",  # overflowed the OFFSET: a 500 on SQLite and PostgreSQL
    "page=" + "9" * 5000,  # past Python's int-from-string limit
    "page=4",  # one past the last page
    "page=0",
    "page=banana",
    "page=%D9%A3",  # an Arabic-Indic digit three
    "page=2&tag=no-such-tag",
    "tag=%00",  # PostgreSQL refuses NUL in a text parameter (refused before the view: 400)
    "category=a%20b",
    "author=" + "x" * 300,
]


def test_a_page_or_filter_that_cannot_exist_is_404_never_500(client, blog):
    blog.posts_per_page = 2
    blog.save_revision().publish()
    make_posts(blog, 5)
    answers = {
        query[:40]: client.get(f"/blog/?{query}").status_code for query in IMPOSSIBLE_LISTINGS
    }
    assert {q: code for q, code in answers.items() if code not in (400, 404)} == {}
    assert client.get("/blog/?page=4", HTTP_HX_REQUEST="true").status_code == 404
    not_found = client.get("/blog/?page=4")
    assert b"<html" in not_found.content  # the site's own 404 page, not a bare message


def test_the_blog_index_query_count_is_the_same_for_5_and_100_posts(client, blog):
    ada = make_author("Ada Moreau")
    cats = [make_category("Design"), make_category("Engineering")]
    image = make_image("Shared hero")

    def count() -> int:
        client.get(blog.url)  # warm caches and renditions, as a running site would be
        with CaptureQueriesContext(connection) as queries:
            assert client.get(blog.url).status_code == 200
        return len(queries)

    make_posts(blog, 5, author=ada, categories=cats, tags=["a", "b"], image=image)
    few = count()
    for n in range(5, 100, 19):  # distinct images and authors too, not just more rows
        make_posts(
            blog,
            19,
            author=make_author(f"Writer {n}"),
            categories=cats[:1],
            tags=[f"t{n}"],
            start=n,
            image=make_image(f"Hero {n}"),
        )
    many = count()
    assert few == many, (few, many)
    assert many <= 10


# What a listing's queries read; none of them may run when the listing's markup is cached.
LISTING_TABLES = ("blog_blogpostpage", "blog_blogcategory", "wagtailimages_rendition", "taggit_")


def listing_queries(client, url: str, **headers: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, headers=headers).status_code == 200
    return [q["sql"] for q in queries if any(table in q["sql"] for table in LISTING_TABLES)]


@pytest.mark.parametrize("query", ["", "?tag=django", "?category=engineering", "?page=2"])
def test_a_warm_listing_runs_no_listing_query_for_pages_and_htmx_alike(
    client, populated_blog, query
):
    populated_blog.posts_per_page = 2
    populated_blog.save_revision().publish()
    url = f"{populated_blog.url}{query}"
    assert listing_queries(client, url)  # the first visit renders the listing
    assert listing_queries(client, url) == []
    # htmx asks for the same partial: the piece is shared, whatever else the URL carries.
    assert listing_queries(client, url, HX_Request="true") == []
    assert listing_queries(client, f"{url}{'&' if query else '?'}utm_source=mail") == []


def test_a_cached_listing_is_the_listing_rendered_afresh_byte_for_byte(
    client, django_user_model, populated_blog
):
    url = f"{populated_blog.url}?category=engineering"
    fresh = client.get(url).content
    assert client.get(url).content == fresh
    fresh_fragment = client.get(url, HTTP_HX_REQUEST="true").content
    assert fresh_fragment.strip().startswith(b'<div id="blog-listing"')
    assert fresh_fragment in fresh
    # Someone signed in sees the same listing in their own page (its header is theirs).
    client.force_login(django_user_model.objects.create_user("reader@example.com"))
    signed_in = client.get(url)
    assert fresh_fragment in signed_in.content
    assert signed_in.content != fresh
    assert "no-store" in signed_in["Cache-Control"]


def test_publishing_or_unpublishing_a_post_shows_on_the_listing_at_once(client, populated_blog):
    client.get(populated_blog.url)
    assert titles(client.get(populated_blog.url).content)[0] == "Post number 4"
    (newest,) = make_posts(populated_blog, 1, start=9)
    assert titles(client.get(populated_blog.url).content)[0] == "Post number 9"
    assert titles(client.get(populated_blog.url, HTTP_HX_REQUEST="true").content)[0] == (
        "Post number 9"
    )
    newest.unpublish()
    assert titles(client.get(populated_blog.url).content)[0] == "Post number 4"


def test_a_warm_listing_still_404s_and_made_up_filters_are_not_kept(client, blog):
    blog.posts_per_page = 2
    blog.save_revision().publish()
    make_posts(blog, 5)
    for url in ("/blog/", "/blog/?page=3"):
        client.get(url)
    answers = {
        query[:40]: client.get(f"/blog/?{query}").status_code for query in IMPOSSIBLE_LISTINGS
    }
    assert {q: code for q, code in answers.items() if code not in (400, 404)} == {}
    with count_cache_calls() as calls:
        assert b"No posts match" in client.get("/blog/?tag=made-up").content
        assert client.get("/blog/?tag=made-up&page=2").status_code == 404
    assert [key for call, key in calls if call in ("set", "set_many", "add")] == []


def test_a_post_shows_author_tags_reading_time_and_related_posts(client, populated_blog):
    post = populated_blog.get_children().live().specific().get(slug="post-3")
    response = client.get(post.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("h1").get_text(strip=True) == "Post number 3"
    assert "Kenji Watanabe" in soup.get_text()
    assert "1 min read" in soup.get_text()
    assert soup.find("a", href="/blog/?tag=django")
    related = [
        a.get_text(strip=True) for a in soup.select("section[aria-labelledby=related-heading] h3 a")
    ]
    # The two other Django posts first (shared tag and category), then the newest other post.
    assert related[:2] == ["Post number 4", "Post number 2"]
    assert len(related) == 3


def test_related_posts_prefer_shared_tags_and_fall_back_to_the_latest(populated_blog):
    post = populated_blog.get_children().specific().get(slug="post-0")
    found = [p.slug for p in related_posts(post)]
    assert found[0] == "post-1"
    assert len(found) == 3


def test_rss_and_atom_feeds_are_valid_xml_with_the_newest_posts(client, populated_blog):
    rss = client.get(f"{populated_blog.url}feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")  # noqa: S314 - our own response
    items = channel.findall("item")
    assert [i.findtext("title") for i in items][:2] == ["Post number 4", "Post number 3"]
    assert items[0].findtext("link").endswith("/blog/post-4/")
    assert items[0].findtext("pubDate")

    atom = client.get(f"{populated_blog.url}feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(atom.content)  # noqa: S314 - our own response
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    assert entries[0].findtext(f"{ATOM}title") == "Post number 4"
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == "Kenji Watanabe"
