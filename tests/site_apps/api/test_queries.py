"""Every list endpoint answers in the same number of queries whatever the number of rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.blog.models import BlogPostPage
from site_apps.api.models import DailyUsage
from site_apps.api.services import issue_key
from site_apps.observability.models import TodoItem
from site_apps.teams.models import Role
from tests.cms.blog.factories import make_author, make_blog, make_category, make_posts
from tests.site_apps.api.conftest import jwt_client
from tests.site_apps.billing.plans import put_on_plan
from tests.site_apps.teams.factories import MembershipFactory, TeamFactory, make_invitation

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    assert response.json()["results"]
    return len(captured)


def grow_team(tenant, n: int, start: int) -> None:
    for i in range(start, start + n):
        MembershipFactory(team=tenant.team, role=Role.ADMIN if i % 2 else Role.MEMBER)
        make_invitation(tenant.team, f"invitee{i}@example.com", author=tenant.owner)
        issue_key(tenant.owner, team=tenant.team, name=f"key {i}")
        other = TeamFactory(name=f"Other {i}")
        MembershipFactory(team=other, user=tenant.owner, role=Role.MEMBER)
        DailyUsage.objects.create(
            day=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            principal=f"user:{tenant.owner.pk}@team:{tenant.team.pk}",
            team=tenant.team,
            user=tenant.owner,
            endpoint="GET /teams/",
            status_class="2xx",
            count=i,
        )
        TodoItem.objects.create(title=f"Todo {i}", assignee=tenant.owner)


TEAM_LISTS = ["memberships/", "invitations/", "api-keys/", "usage/"]


def test_team_lists_do_not_grow_with_rows(tenant):
    tenant.owner.is_staff = True
    tenant.owner.save()
    client = jwt_client(tenant.owner)
    slug = tenant.team.slug
    urls = [f"/api/v1/teams/{slug}/{path}" for path in TEAM_LISTS]
    urls += ["/api/v1/teams/", "/api/v1/todos/"]
    put_on_plan(tenant.team, "business")  # no member or key limit
    grow_team(tenant, 2, 0)
    small = {url: queries(client, url) for url in urls}
    grow_team(tenant, 12, 2)
    big = {url: queries(client, url) for url in urls}
    assert big == small, (small, big)
    assert max(small.values()) <= 4  # the user, the membership, the rows (+ prefetches)


def test_content_lists_do_not_grow_with_posts(tenant, home_page):
    client = jwt_client(tenant.owner)
    blog = make_blog(home_page)
    author = make_author("Ada Lovelace", with_photo=False)
    design = make_category("Design")
    make_posts(blog, 2, author=author, categories=[design], tags=["one"])
    small = {url: queries(client, url) for url in ["/api/v1/blog-posts/", "/api/v1/pages/"]}
    make_posts(blog, 10, author=author, categories=[design], tags=["one", "two"], start=2)
    assert BlogPostPage.objects.count() == 12
    big = {url: queries(client, url) for url in ["/api/v1/blog-posts/", "/api/v1/pages/"]}
    assert big == small
