"""The OpenAPI schema generates without warnings and documents every endpoint; Swagger UI and
Redoc are served from our own static files under a CSP that allows no outside script."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from site_apps.common.api.views import ThrottleFirst

pytestmark = pytest.mark.django_db


def test_schema_generates_with_validation_and_no_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert set(schema["components"]["securitySchemes"]) == {"ApiKeyAuth", "jwtAuth", "cookieAuth"}
    for path, item in schema["paths"].items():
        assert path.startswith("/api/v1/")
        for method, operation in item.items():
            assert operation.get("description"), f"{method} {path} has no description"
            assert "429" in operation["responses"]
            if not path.startswith("/api/v1/auth/"):
                schemes = {name for entry in operation["security"] for name in entry}
                assert {"ApiKeyAuth", "jwtAuth", "cookieAuth"} <= schemes, path
            documented = json.dumps(operation)
            assert "example" in documented, f"{method} {path} has no example"
            # Every success this API sends has a JSON body: the schema must say which, not
            # "No response body" (sign-out and token verification answer `{}`).
            for code, response in operation["responses"].items():
                if code.startswith("2") and code != "204":
                    assert "application/json" in response.get("content", {}), (method, path, code)


def test_schema_is_served_as_json(db):
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert json.loads(response.content)["info"]["title"] == "Lumen API"


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_load_only_local_assets(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(src.startswith("/") for src in sources), sources
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert script_src.strip() == "'self'"
    for src in sources:
        if src.startswith("/static/"):
            assert client.get(src).status_code == 200, src


def test_swagger_initialiser_script_is_a_file_not_inline(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "<script>" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.content


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_api_view_runs_throttles_first():
    for route, callback in _views(get_resolver().url_patterns):
        cls = getattr(callback, "cls", None)
        if route.startswith("api/") and cls and "Spectacular" not in cls.__name__:
            assert issubclass(cls, ThrottleFirst), route
