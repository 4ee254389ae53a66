"""Routing a page from the language's home page (cms/i18n/middleware.py): once warm, the Site
for the host and the page a path leads to come with the site content, so a page costs one
query to find; any publish, move or unpublish shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.blog.factories import make_blog, make_posts


@pytest.fixture
def blog(home_page):
    blog = make_blog(home_page)
    make_posts(blog, 2)
    return blog


def _tables(queries) -> list[str]:
    return [query["sql"].split(" FROM ", 1)[1].split(" ", 1)[0] for query in queries]


def test_a_warm_route_reads_no_site_and_one_page_row(client, blog):
    post = blog.get_children().live().specific().first()
    assert client.get(post.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(post.url).status_code == 200
    tables = _tables(queries.captured_queries)
    assert '"wagtailcore_site"' not in tables
    routing = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "wagtailcore_page"."id", "wagtailcore_page"."path"')
    ]
    assert len(routing) == 1, routing  # the post itself, by id
    assert f'"page_ptr_id" = {post.pk}' in routing[0]


def test_a_moved_renamed_or_unpublished_page_routes_at_once(client, blog):
    post = blog.get_children().live().specific().first()
    old_url = post.url
    assert client.get(old_url).status_code == 200
    assert client.get(old_url).status_code == 200  # from the kept route

    post.slug = "a-new-address"
    post.save_revision().publish()
    assert client.get(old_url).status_code == 404
    assert client.get("/blog/a-new-address/").status_code == 200

    post.unpublish()
    assert client.get("/blog/a-new-address/").status_code == 404
    assert client.get("/blog/no-such-post/").status_code == 404
    assert client.get("/blog/").status_code == 200


def test_an_unknown_host_is_served_the_default_site_as_wagtail_does(client, blog, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example.com"]
    assert client.get("/blog/").status_code == 200
    assert client.get("/blog/", headers={"Host": "other.example.com"}).status_code == 200
    assert client.get("/blog/", headers={"Host": "bad.example.com"}).status_code == 400
