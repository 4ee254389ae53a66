"""One error shape everywhere; versions in the path; Deprecation and Sunset headers."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from site_apps.billing import services as billing_services
from site_apps.common.api.pagination import CursorPagination
from site_apps.teams.models import Membership, Role
from tests.site_apps.api.conftest import jwt_client
from tests.site_apps.billing.factories import CustomerFactory
from tests.site_apps.teams.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_validation_errors_name_each_field(tenant):
    client = jwt_client(tenant.owner)
    response = client.post(
        f"/api/v1/teams/{tenant.team.slug}/invitations/", {"email": "nope", "role": "boss"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert body["detail"] == "Some fields are not valid."
    assert set(body["errors"]) == {"email", "role"}
    assert body["errors"]["role"] == ['"boss" is not a valid choice.']


def test_a_refused_rule_says_why(tenant):
    owner = tenant.team.memberships.get(role=Role.OWNER)
    response = jwt_client(tenant.owner).delete(
        f"/api/v1/teams/{tenant.team.slug}/memberships/{owner.pk}/"
    )
    assert response.status_code == 403
    assert response.json() == {
        "type": "permission_denied",
        "detail": "You are the last owner: make someone else an owner before you leave the team.",
    }


class BillingPortalView(APIView):
    """An endpoint that opens the team's billing portal through billing's own service."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        actor = Membership.objects.select_related("team").get(pk=request.data["membership"])  # type: ignore[call-overload]
        url = billing_services.portal_url(
            actor, return_url="https://example.com/billing/", attempt="attempt-1"
        )
        return Response({"url": url})


def _open_portal(membership: Membership) -> Response:
    request = APIRequestFactory().post(
        "/api/v1/portal/", {"membership": membership.pk}, format="json"
    )
    return BillingPortalView.as_view()(request)


def test_a_billing_refusal_under_the_api_is_a_400_in_the_json_shape(tenant):
    owner = tenant.team.memberships.get(role=Role.OWNER)
    response = _open_portal(owner)  # the team has never paid: no customer at Stripe
    assert response.status_code == 400
    assert response.data == {
        "type": "billing_error",
        "detail": "This team has no subscription to manage yet.",
    }


@override_settings(STRIPE_SECRET_KEY="")
def test_payments_not_configured_under_the_api_is_a_503_in_the_json_shape(tenant):
    owner = tenant.team.memberships.get(role=Role.OWNER)
    CustomerFactory.create(team=tenant.team, stripe_id="cus_test")
    response = _open_portal(owner)
    assert response.status_code == 503
    assert response.data == {
        "type": "payments_not_configured",
        "detail": "Online payments are not configured on this site.",
    }


def test_a_request_that_makes_no_sense_is_a_400(tenant):
    member = MembershipFactory(team=tenant.team)
    response = jwt_client(tenant.owner).post(
        f"/api/v1/teams/{tenant.team.slug}/invitations/", {"email": member.user.email}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": [f"{member.user.email} is already a member of this team."]
    }


def test_unknown_url_and_version_are_json_404s(tenant):
    client = jwt_client(tenant.owner)
    unknown = client.get("/api/v1/nothing-here/")
    assert unknown.status_code == 404
    assert unknown.json() == {"type": "not_found", "detail": "There is no API endpoint here."}
    version = client.get("/api/v9/teams/")
    assert version.status_code == 404
    assert version.json()["type"] == "not_found"
    assert "version" in version.json()["detail"].lower()


def test_wrong_method_and_bad_json(tenant):
    client = jwt_client(tenant.owner)
    assert client.put("/api/v1/me/", {}).json()["type"] == "method_not_allowed"
    bad = client.patch("/api/v1/me/", "{not json", content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["type"] == "parse_error"


def test_a_deprecated_version_says_so_in_headers(tenant):
    policy = {
        "v1": {
            "deprecation": "2027-01-01",
            "sunset": "2027-07-01",
            "link": "https://example.com/api/changes",
        }
    }
    client = jwt_client(tenant.owner)
    assert "Deprecation" not in client.get("/api/v1/me/")
    with override_settings(API_DEPRECATED_VERSIONS=policy):
        response = client.get("/api/v1/me/")
        unauthenticated = APIClient().get("/api/v1/me/")
    assert response["Deprecation"] == "@1798761600"
    assert response["Sunset"] == "Thu, 01 Jul 2027 00:00:00 GMT"
    assert (
        response["Link"] == '<https://example.com/api/changes>; rel="deprecation"; type="text/html"'
    )
    assert unauthenticated["Deprecation"] == "@1798761600"


def test_lists_are_cursor_paginated_with_a_capped_size(tenant):
    for _ in range(4):
        MembershipFactory(team=tenant.team)
    client = jwt_client(tenant.owner)
    url = f"/api/v1/teams/{tenant.team.slug}/memberships/"
    first = client.get(url, {"page_size": 2}).json()
    assert set(first) == {"next", "previous", "results"}
    assert len(first["results"]) == 2
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    seen = [m["id"] for page in (first, second, third) for m in page["results"]]
    assert len(seen) == len(set(seen)) == 5
    assert third["next"] is None
    assert len(client.get(url, {"page_size": 10_000}).json()["results"]) == 5


@pytest.mark.parametrize(("asked", "given"), [("10000", 100), ("7", 7), ("1", 1)])
def test_page_size_is_capped(asked, given):
    request = Request(APIRequestFactory().get("/", {"page_size": asked}))
    assert CursorPagination().get_page_size(request) == given
