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
from site_apps.teams.models import Role
from tests.site_apps.api.conftest import auth_clients
from tests.site_apps.teams.factories import MembershipFactory, make_invitation
from tests.site_apps.uploads.factories import UploadFactory

pytestmark = pytest.mark.django_db

# Each security scheme of the schema, and the client (conftest.auth_clients) that uses it.
SCHEME_CLIENTS = {"ApiKeyAuth": "api_key", "jwtAuth": "jwt", "cookieAuth": "session"}


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
                assert schemes, (method, path)
                assert schemes <= set(SCHEME_CLIENTS), (method, path)
            documented = json.dumps(operation)
            assert "example" in documented, f"{method} {path} has no example"
            # Every success this API sends has a JSON body: the schema must say which, not
            # "No response body" (sign-out and token verification answer `{}`).
            for code, response in operation["responses"].items():
                if code.startswith("2") and code != "204":
                    assert "application/json" in response.get("content", {}), (method, path, code)


def test_each_operation_offers_only_the_schemes_it_serves(tenant):
    """drf-spectacular offered all three schemes on every operation (each view has the three
    authentication classes), though team/ refuses people and me/, api-keys/, todos/ and what
    only owners and admins may do refuse API keys. Now a scheme left out is refused when
    tried, and a scheme offered on a read is let through."""
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    tenant.owner.is_staff = True  # todos/ are for staff
    tenant.owner.save()
    member = MembershipFactory(team=tenant.team, role=Role.MEMBER)
    invitation, _token = make_invitation(tenant.team, "someone@example.com")
    ids = {
        "memberships": member.pk,
        "invitations": invitation.pk,
        "files": UploadFactory.create(team=tenant.team).pk,
    }

    def address(path: str) -> str:
        """The path with the tenant's slug, key and objects (id 1 where there are none)."""
        before, found, after = path.partition("{id}")
        kind = before.rstrip("/").rsplit("/", 1)[-1]
        filled = f"{before}{ids.get(kind, 1)}{after}" if found else path
        return filled.format(team_slug=tenant.team.slug, prefix=tenant.key.prefix)

    offered = {}
    for path, item in json.loads(schema.content)["paths"].items():
        if path.startswith("/api/v1/auth/"):
            continue
        for method, operation in item.items():
            schemes = {name for entry in operation["security"] for name in entry}
            offered[f"{method.upper()} {path}"] = schemes
            for scheme, kind in SCHEME_CLIENTS.items():
                if scheme not in schemes:
                    response = getattr(auth_clients(tenant)[kind], method)(address(path), {})
                    assert response.status_code in (401, 403), (kind, method, path)
                elif method == "get":
                    response = auth_clients(tenant)[kind].get(address(path))
                    assert response.status_code not in (401, 403), (kind, path, response.json())
    people = {"jwtAuth", "cookieAuth"}
    assert offered["GET /api/v1/team/"] == {"ApiKeyAuth"}
    for operation in ("PATCH /api/v1/me/", "GET /api/v1/teams/{team_slug}/api-keys/"):
        assert offered[operation] == people
    assert offered["GET /api/v1/todos/"] == people
    assert offered["GET /api/v1/teams/"] == people | {"ApiKeyAuth"}


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
