"""An id too large for the database is a 404, on every API route that looks an object up by
id: SQLite cannot bind an integer past 2**63 - 1, and Django's own out-of-range guard does not
cover every lookup (a blog post's id is its `page_ptr`, a relation)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern

from cms.api_router import urlpatterns
from tests.site_apps.api.conftest import jwt_client, make_tenant

pytestmark = pytest.mark.django_db

TOO_LARGE = [2**63, 2**64]


def id_routes() -> list[URLPattern]:
    """Every API route with a path parameter that is not the team's slug or a key's prefix."""
    return [
        pattern
        for pattern in urlpatterns
        if isinstance(pattern, URLPattern)
        and set(pattern.pattern.converters) - {"team_slug", "prefix"}
    ]


def test_the_routes_looked_up_by_id_are_known():
    assert sorted(str(route.pattern) for route in id_routes()) == sorted(
        [
            "teams/<str:team_slug>/memberships/<id:pk>/",
            "teams/<str:team_slug>/invitations/<id:pk>/",
            "teams/<str:team_slug>/files/<id:pk>/",
            "teams/<str:team_slug>/files/<id:pk>/download-url/",
            "pages/<id:pk>/",
            "blog-posts/<id:pk>/",
            "todos/<id:pk>/",
        ]
    )


@pytest.mark.parametrize("route", id_routes(), ids=lambda route: str(route.pattern))
@pytest.mark.parametrize("number", TOO_LARGE, ids=["2**63", "2**64"])
def test_an_id_past_the_database_range_is_not_found(route, number, home_page):
    tenant = make_tenant("Acme", is_staff=True)
    path = str(route.pattern).replace("<str:team_slug>", tenant.team.slug)
    path = path.replace("<id:pk>", str(number)).replace("<int:pk>", str(number))
    response = jwt_client(tenant.owner).get(f"/api/v1/{path}")
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == "not_found"
