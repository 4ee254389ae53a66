"""The API reads JSON as RFC 8259 defines it: what Python's `json` also accepts (NaN,
Infinity, numbers beyond a float's range) is a 400 `parse_error`, and nothing is written."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.parsers import JSONParser

from site_apps.api.models import TeamAPIKey
from site_apps.api.parsers import SafeJSONParser
from tests.site_apps.api.conftest import PASSWORD, jwt_client

pytestmark = pytest.mark.django_db

NOT_JSON = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"]


@pytest.mark.parametrize("value", NOT_JSON)
def test_nan_infinity_and_overflowing_numbers_are_parse_errors(tenant, value):
    client = jwt_client(tenant.owner)
    writes = {
        "/api/v1/me/": ("patch", f'{{"first_name": {value}}}'),
        f"/api/v1/teams/{tenant.team.slug}/": ("patch", f'{{"name": {value}}}'),
        f"/api/v1/teams/{tenant.team.slug}/api-keys/": ("post", f'{{"name": {value}}}'),
        "/api/v1/auth/token/": (
            "post",
            f'{{"email": "{tenant.owner.email}", "password": "{PASSWORD}", "x": [{value}]}}',
        ),
    }
    for url, (method, body) in writes.items():
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 400, (url, response.content)
        assert response.json()["type"] == "parse_error", (url, response.json())
    tenant.owner.refresh_from_db()
    tenant.team.refresh_from_db()
    assert tenant.owner.first_name not in ("nan", "inf", "-inf")
    assert tenant.team.name == "Acme"
    assert TeamAPIKey.objects.count() == 1


def test_large_but_finite_numbers_are_still_read(tenant):
    response = jwt_client(tenant.owner).patch(
        "/api/v1/me/", '{"first_name": 1e308}', content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["first_name"] == "1e+308"


def _views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and (cls := getattr(pattern.callback, "cls", None)):
            yield cls


def test_every_api_view_reads_json_with_our_parser():
    """No view of the API falls back to DRF's plain JSONParser (which reads NaN)."""
    api = get_resolver().url_patterns
    for cls in _views(api):
        if not cls.__module__.startswith(("site_apps.", "cms.")):
            continue
        for parser in cls().get_parsers():
            if isinstance(parser, JSONParser):
                assert isinstance(parser, SafeJSONParser), cls
