"""Read-only pages and posts for headless use (what a visitor may read, nothing more), and the
staff todos (read and update)."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from site_apps.api.errors import exception_handler
from tests.cms.blog.factories import make_author, make_blog, make_category, make_posts
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.api.conftest import jwt_client, key_client
from tests.site_apps.observability.factories import TodoItemFactory

pytestmark = pytest.mark.django_db


def test_posts_are_the_ones_visitors_may_read(tenant, home_page):
    blog = make_blog(home_page)
    live, draft, private = make_posts(
        blog,
        3,
        author=make_author("Ada Lovelace", with_photo=False),
        categories=[make_category("Design")],
        tags=["themes"],
    )
    draft.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    client = key_client(tenant.secret)

    listed = client.get("/api/v1/blog-posts/").json()["results"]
    assert [post["id"] for post in listed] == [live.pk]
    assert listed[0]["author"] == {"name": "Ada Lovelace", "slug": "ada-lovelace"}
    assert listed[0]["categories"] == [{"name": "Design", "slug": "design"}]
    assert listed[0]["tags"] == ["themes"]
    assert listed[0]["url"] == f"/blog/{live.slug}/"
    detail = client.get(f"/api/v1/blog-posts/{live.pk}/").json()
    assert detail["body"][0]["type"] == "rich_text"
    assert client.get(f"/api/v1/blog-posts/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/blog-posts/{private.pk}/").status_code == 404

    pages = {page["id"]: page for page in client.get("/api/v1/pages/").json()["results"]}
    assert pages[home_page.pk]["type"] == "home.homepage"
    assert pages[live.pk]["type"] == "blog.blogpostpage"
    assert draft.pk not in pages

    # The list is kept per content version, answers a conditional GET with 304, and shows a
    # publish at once.
    again = client.get("/api/v1/blog-posts/")
    assert client.get("/api/v1/blog-posts/", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
    draft.save_revision().publish()
    listed = client.get("/api/v1/blog-posts/").json()["results"]
    assert {post["id"] for post in listed} == {live.pk, draft.pk}
    assert private.pk not in pages


def test_staff_read_and_update_todos(tenant):
    tenant.owner.is_staff = True
    tenant.owner.save()
    todo = TodoItemFactory.create(title="Renew the certificate")
    client = jwt_client(tenant.owner)
    assert client.get("/api/v1/todos/").json()["results"][0]["title"] == "Renew the certificate"

    changed = client.patch(
        f"/api/v1/todos/{todo.pk}/", {"status": "in_progress", "assignee": tenant.owner.email}
    )
    assert changed.status_code == 200, changed.content
    todo.refresh_from_db()
    assert todo.status == "in_progress"
    assert todo.assignee == tenant.owner

    outsider = UserFactory()
    refused = client.patch(f"/api/v1/todos/{todo.pk}/", {"assignee": outsider.email})
    assert refused.status_code == 400
    assert "assignee" in refused.json()["errors"]
    read_only = client.patch(f"/api/v1/todos/{todo.pk}/", {"source": "sentry"})
    assert read_only.status_code == 200
    todo.refresh_from_db()
    assert todo.source == "manual"


def test_an_unexpected_error_is_a_json_500_in_the_same_shape():
    response = exception_handler(RuntimeError("boom"), {})
    assert response.status_code == 500
    assert response.data == {
        "type": "server_error",
        "detail": "Something went wrong on our side. Please try again.",
    }


def test_content_comes_in_one_language_at_a_time(tenant, home_page):
    from wagtail.models import Locale

    blog = make_blog(home_page)
    (post,) = make_posts(blog, 1, author=None, categories=[], tags=[])
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    translated = post.copy_for_translation(spanish, copy_parents=True)
    translated.save_revision().publish()
    client = key_client(tenant.secret)

    english = client.get("/api/v1/blog-posts/").json()["results"]
    assert [(p["id"], p["locale"]) for p in english] == [(post.pk, "en")]  # the default
    asked = client.get("/api/v1/blog-posts/?locale=es").json()["results"]
    assert [(p["id"], p["locale"]) for p in asked] == [(translated.pk, "es")]
    assert client.get(f"/api/v1/blog-posts/{translated.pk}/").json()["locale"] == "es"
    pages = client.get("/api/v1/pages/?locale=es&page_size=100").json()["results"]
    assert translated.pk in [p["id"] for p in pages]
    assert {p["locale"] for p in pages} == {"es"}
    assert {p["locale"] for p in client.get("/api/v1/pages/").json()["results"]} == {"en"}
    wrong = client.get("/api/v1/pages/?locale=xx")
    assert wrong.status_code == 400
    assert wrong.json()["type"] == "validation_error"
    assert list(wrong.json()["errors"]) == ["locale"]


@pytest.mark.parametrize("endpoint", ["pages", "blog-posts"])
@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("locale=es&cursor=cD1hYmM=", "cursor"),  # base64 of "p=abc": a cursor we did not make
        ("locale=", "locale"),  # asked, but for no language
        ("locale=es&locale=fr", "locale"),  # one language at a time
    ],
)
def test_what_the_content_lists_cannot_answer_is_a_400(tenant, home_page, endpoint, query, named):
    response = key_client(tenant.secret).get(f"/api/v1/{endpoint}/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["type"] == "validation_error"
    assert list(response.json()["errors"]) == [named]


def test_a_cursor_the_pages_list_made_still_works(tenant, home_page):
    make_blog(home_page)
    client = key_client(tenant.secret)
    first = client.get("/api/v1/pages/?page_size=1").json()
    assert first["next"]
    assert client.get(first["next"]).status_code == 200
