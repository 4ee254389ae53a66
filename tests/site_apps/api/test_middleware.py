"""Addresses under /api/ that are not quite an endpoint's: a missing trailing slash, a language
prefix. Every answer is JSON, none is a 5xx, in production and under DEBUG alike."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.site_apps.api.conftest import PASSWORD, jwt_client

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    """Django's APPEND_SLASH raised a RuntimeError (a 500) for a write under DEBUG only."""
    settings.DEBUG = request.param
    return request.param


def assert_json(response, status: int, type_: str) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:200])
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] == type_, body
    return body


def test_a_write_without_the_trailing_slash_is_a_308_that_keeps_method_and_body(tenant, debug):
    """It was a 500 HTML RuntimeError under DEBUG, and in production a 301 with an empty HTML
    body, which clients follow with a GET (then 405)."""
    client = jwt_client(tenant.owner)
    keys = f"/api/v1/teams/{tenant.team.slug}/api-keys"
    for method, path in [
        ("post", "/api/v1/auth/token"),
        ("patch", "/api/v1/me"),
        ("delete", f"{keys}/{tenant.key.prefix}"),
        ("get", "/api/v1/me"),
    ]:
        response = getattr(client, method)(path, {})
        body = assert_json(response, 308, "permanent_redirect")
        assert response["Location"] == f"{path}/"
        assert body["detail"] == f"This endpoint's address ends with a slash: {path}/"
    # Followed, the request is made again as it was: same method, same body, same query.
    token = APIClient().post(
        "/api/v1/auth/token", {"email": tenant.owner.email, "password": PASSWORD}, follow=True
    )
    assert token.redirect_chain == [("/api/v1/auth/token/", 308)]
    assert token.status_code == 200
    assert set(token.json()) == {"access", "refresh"}
    renamed = client.patch("/api/v1/me", {"first_name": "Ada"}, follow=True)
    assert renamed.json()["first_name"] == "Ada"
    assert client.get("/api/v1/me?x=1")["Location"] == "/api/v1/me/?x=1"


def test_an_unknown_address_without_a_slash_is_a_json_404_even_for_a_write(tenant, debug):
    client = jwt_client(tenant.owner)
    for method in ("get", "post", "delete"):
        body = assert_json(getattr(client, method)("/api/v1/nothing-here"), 404, "not_found")
        assert body["detail"] == "There is no API endpoint here."


@pytest.mark.parametrize(
    ("path", "address"),
    [
        ("/es/api/v1/team/", "/api/v1/team/"),
        ("/fr/api/v1/schema/", "/api/v1/schema/"),
        ("/ar/api/v1/me", "/api/v1/me/"),
        ("/es/api/v1/teams/acme/api-keys/XXXX/", "/api/v1/teams/acme/api-keys/XXXX/"),
    ],
)
def test_an_api_address_under_a_language_prefix_is_a_json_404_naming_the_right_one(
    tenant, debug, path, address
):
    """It was the site's HTML 404 page (in production, a Spanish page), for a write too."""
    client = jwt_client(tenant.owner)
    for method in ("get", "post", "delete"):
        response = getattr(client, method)(path)
        body = assert_json(response, 404, "not_found")
        assert body["detail"] == (
            f"The API's addresses have no language prefix: this endpoint is at {address}"
        )
        assert response["Content-Language"] == "en"  # the API's language, as under /api/


def test_an_unknown_api_address_under_a_language_prefix_is_a_plain_json_404(db, debug):
    for path in ("/es/api/", "/es/api", "/fr/api/v1/nothing/", "/ar/api/v1/nothing"):
        body = assert_json(APIClient().get(path), 404, "not_found")
        assert body["detail"] == "There is no API endpoint here."


def test_the_rest_of_the_site_keeps_djangos_slash_redirect(client):
    response = client.get("/admin")
    assert response.status_code == 301
    assert response["Location"] == "/admin/"
