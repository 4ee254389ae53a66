"""Routing a page from the language's home page (cms/i18n/middleware.py): once warm, the Site
for the host and the page a path leads to come with the site content, so a page costs no query
to find for a visitor who is not signed in, and one for someone signed in; any publish, move or
unpublish shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.blog.factories import make_blog, make_posts
from tests.site_apps.accounts.factories import UserFactory


@pytest.fixture
def blog(home_page):
    blog = make_blog(home_page)
    make_posts(blog, 2)
    return blog


def _tables(queries) -> list[str]:
    return [query["sql"].split(" FROM ", 1)[1].split(" ", 1)[0] for query in queries]


def _page_rows(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "wagtailcore_page"."id", "wagtailcore_page"."path"')
    ]


def test_a_warm_route_reads_no_site_and_no_page_row_for_a_visitor(client, blog):
    post = blog.get_children().live().specific().first()
    assert client.get(post.url).status_code == 200  # the route is kept
    assert client.get(post.url).status_code == 200  # then the page it leads to
    with CaptureQueriesContext(connection) as queries:
        response = client.get(post.url)
    assert response.status_code == 200
    assert post.title in response.content.decode()
    assert '"wagtailcore_site"' not in _tables(queries.captured_queries)
    assert _page_rows(queries) == []  # the live page came with the site content


def test_a_signed_in_person_reads_the_page_row_itself(client, blog):
    post = blog.get_children().live().specific().first()
    client.force_login(UserFactory())
    assert client.get(post.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(post.url).status_code == 200
    routing = _page_rows(queries)
    assert len(routing) == 1, routing  # the post itself, by id
    assert f'"page_ptr_id" = {post.pk}' in routing[0]


def test_a_moved_renamed_or_unpublished_page_routes_at_once(client, blog):
    post = blog.get_children().live().specific().first()
    old_url = post.url
    assert client.get(old_url).status_code == 200
    assert client.get(old_url).status_code == 200  # from the kept route

    post.slug = "a-new-address"
    post.title = "A title published a moment ago"
    post.save_revision().publish()
    assert client.get(old_url).status_code == 404
    response = client.get("/blog/a-new-address/")
    assert response.status_code == 200
    assert "A title published a moment ago" in response.content.decode()  # not the kept page
    post.title = "A draft nobody may read yet"
    post.save_revision()  # saved, not published: the live page stays as it was
    assert "A draft nobody may read yet" not in client.get("/blog/a-new-address/").content.decode()

    post.unpublish()
    assert client.get("/blog/a-new-address/").status_code == 404
    assert client.get("/blog/no-such-post/").status_code == 404
    assert client.get("/blog/").status_code == 200


def test_an_unknown_host_is_served_the_default_site_as_wagtail_does(client, blog, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example.com"]
    assert client.get("/blog/").status_code == 200
    assert client.get("/blog/", headers={"Host": "other.example.com"}).status_code == 200
    assert client.get("/blog/", headers={"Host": "bad.example.com"}).status_code == 400
