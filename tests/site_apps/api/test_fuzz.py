"""A bounded fuzz run of the whole API from its own schema (schemathesis): no 5xx, and every
response (status, content type, body) matches what the schema says.

Runs in-process through the WSGI app, inside the test's transaction, twice: as a staff owner of
a team with a JWT (so the team and staff endpoints are reached) and with that team's API key.
Throttles are raised for the run. `fuzz` marks it; `make test` runs it. Each operation gets a
few generated requests per credential (about a minute for the whole API on this machine).
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks

from tests.site_apps.api.conftest import make_tenant
from tests.site_apps.observability.factories import TodoItemFactory

EXAMPLES_PER_OPERATION = 8
TEAM_SLUG = "fuzz-team"
UNLIMITED = dict.fromkeys(["anon", "user", "key", "token", "keys", "invitations"], "100000/min")


def load_schema() -> schemathesis.BaseSchema:
    """The schema as the API serves it, generated in-process (no request, no database)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    config = schemathesis.Config.from_dict(
        {
            "parameters": {"path.team_slug": TEAM_SLUG},
            "generation": {"max-examples": EXAMPLES_PER_OPERATION},
        }
    )
    loaded = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(document)), config=config
    )
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@pytest.fixture(params=["jwt", "api_key"])
def credentials(request, db, home_page):
    """A staff member who owns the team every team path points at: their JWT, or the team's
    API key, as an Authorization header."""
    tenant = make_tenant("Fuzz", is_staff=True)
    tenant.team.slug = TEAM_SLUG
    tenant.team.save()
    TodoItemFactory.create(title="Look at the logs")
    # Requests go straight into the WSGI handler, whose request signals would close the
    # database connection that holds the test's transaction; Django's test client unhooks
    # `close_old_connections` the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with override_settings(API_THROTTLE_RATES=UNLIMITED):
            if request.param == "jwt":
                yield f"Bearer {RefreshToken.for_user(tenant.owner).access_token}"
            else:
                yield f"Api-Key {tenant.secret}"
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_survives_fuzzing(case, credentials):
    case.call_and_validate(
        headers={"Authorization": credentials},
        checks=[
            not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
        ],
    )
