"""No client input answers 5xx: each class the probe found gets a 4xx in the API's error shape
(or the page's own answer), and nothing is written."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import override_settings

from cms.pages.models import NewsletterSubscription
from site_apps.api.models import TeamAPIKey
from site_apps.billing.models import Subscription, WebhookEvent
from tests.site_apps.accounts.factories import UserFactory, verified
from tests.site_apps.api.conftest import PASSWORD, jwt_client, key_client, make_tenant
from tests.site_apps.billing.conftest import WEBHOOK_URL, deliver, stripe_fake  # noqa: F401
from tests.site_apps.billing.fake_stripe import sign

pytestmark = pytest.mark.django_db

KEYS = "/api/v1/teams/acme/api-keys/"
# Each list, and a position its ordering field cannot hold (None: ordered by free text).
LISTS = [
    ("/api/v1/teams/", None),
    ("/api/v1/teams/acme/memberships/", "2026-13-45T10:00"),
    ("/api/v1/teams/acme/invitations/", "yesterday"),
    ("/api/v1/teams/acme/api-keys/", "2026-02-30"),
    ("/api/v1/teams/acme/usage/", "2026-13-45"),
    ("/api/v1/pages/", None),
    ("/api/v1/blog-posts/", "soon"),
    ("/api/v1/todos/", "high"),
]


@pytest.fixture
def owner_client(home_page):
    tenant = make_tenant("Acme", is_staff=True)
    tenant.team.slug = "acme"
    tenant.team.save()
    return jwt_client(tenant.owner)


def crafted(query: str) -> str:
    return base64.b64encode(query.encode()).decode()


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def assert_error(response, status: int, type_: str) -> dict:
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert body["type"] == type_, body
    assert body["detail"]
    return body


@pytest.mark.parametrize(("url", "bad_position"), LISTS)
def test_a_crafted_cursor_or_a_junk_page_size_is_a_400_on_every_list(
    owner_client, url, bad_position
):
    cursors = ["p=1%00", "o=x", "r=maybe", "o=-5"]
    if bad_position:
        cursors.append(f"o=0&r=0&p={bad_position}")
    for cursor in cursors:
        response = owner_client.get(url, {"cursor": crafted(cursor)})
        body = assert_error(response, 400, "validation_error")
        assert "cursor" in body["errors"]
    for size in ("x", "0", "-3", "1.5", "٣"):
        body = assert_error(owner_client.get(url, {"page_size": size}), 400, "validation_error")
        assert "page_size" in body["errors"]
    assert owner_client.get(url, {"page_size": "10000"}).status_code == 200  # capped at 100


def test_deeply_nested_or_nul_holding_json_is_a_400_and_writes_nothing(owner_client):
    for body in (
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"name": "x", "extra": nested(40)}),
        json.dumps({"name": "Evil\u0000Corp"}),
        json.dumps({"name\u0000": "x"}),
        b"\xff\xfe{",
    ):
        response = owner_client.post(KEYS, body, content_type="application/json")
        assert_error(response, 400, "parse_error")
    assert TeamAPIKey.objects.count() == 1


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_oversized_bodies_answer_413_in_the_api_webhooks_and_pages(owner_client, client):
    big = json.dumps({"name": "x" * 5000})
    response = owner_client.post(KEYS, big, content_type="application/json")
    assert_error(response, 413, "request_too_large")
    for url in (WEBHOOK_URL, "/observability/sentry/webhook/"):
        assert_error(
            client.post(url, big, content_type="application/json"), 413, "request_too_large"
        )
    page = client.post(
        "/newsletter/", {"email": "a@example.com", "next": "x" * 5000}, HTTP_ACCEPT="text/html"
    )
    assert page.status_code == 413
    assert b"too large" in page.content
    assert TeamAPIKey.objects.count() == 1
    assert not NewsletterSubscription.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"since": "0001-01-01"},
        {"until": "9999-12-31"},
        {"since": "1999-12-31", "until": "2000-01-10"},
        {"since": "2026-02-30"},
    ],
)
def test_usage_dates_out_of_range_are_a_400(owner_client, query):
    for url in ("/api/v1/teams/acme/usage/", "/api/v1/teams/acme/usage/daily/"):
        assert_error(owner_client.get(url, query), 400, "validation_error")


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: a=b", "/x\x00y", "/\x7f", "/\tok"])
def test_control_characters_in_next_never_reach_a_redirect(client, home_page, target):
    response = client.post("/newsletter/", {"email": "ada@example.com", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/accounts/login/", {"next": target}).status_code in (200, 400)
    user = verified(UserFactory())
    signed_in = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD, "next": target}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/teams/"


def test_a_long_address_or_header_is_answered_in_time(owner_client):
    """The request's log lines (started, finished) carry its path, query and user agent: a
    long one is written without pinning the worker (each took seconds to redact)."""
    import time

    started = time.monotonic()
    response = owner_client.get(
        "/api/v1/pages/",
        {"cursor": "cD05" * 1000},
        HTTP_USER_AGENT="Mozilla/5.0 " + "a." * 2000,
        HTTP_REFERER="https://example.com/?q=" + "key" * 1300,
    )
    assert_error(response, 400, "validation_error")
    assert time.monotonic() - started < 3.0


def test_a_nul_in_the_address_or_a_header_is_a_400(client, home_page):
    tenant = make_tenant("Nul")
    assert_error(key_client(tenant.secret).get("/api/v1/teams/%00/"), 400, "bad_request")
    assert_error(
        client.get("/api/v1/me/", HTTP_AUTHORIZATION="Api-Key a\x00.b"), 400, "bad_request"
    )
    page = client.get("/about%00/", HTTP_ACCEPT="text/html")
    assert page.status_code == 400
    assert client.get("/", {"q": "\x00"}).status_code == 400


def test_signed_stripe_events_with_nul_bytes_or_bad_ids_are_refused(client, stripe_fake):  # noqa: F811
    good = stripe_fake.emit("customer.created", {"id": "cus_1", "object": "customer"})
    for event in (
        good | {"id": "evt_" + "9" * 300},
        good | {"id": "evt_\u0000"},
        good | {"data": {"object": {"id": "cus_1", "name": "A\u0000B"}}},
        good | {"data": "nope"},
        good | {"created": "yesterday"},
        good | {"created": 10**15},  # past any date a column holds
        good | {"created": -(10**12)},
    ):
        assert deliver(client, event).status_code == 400, event
    # Prices and products are stored from the event's own copy: values beyond their columns.
    for kind, obj in (
        ("price", {"id": "price_1", "currency": "usdx", "unit_amount": 5}),
        ("price", {"id": "price_2", "currency": "usd", "unit_amount": 10**30}),
        ("product", {"id": "prod_1", "name": "x" * 300}),
    ):
        assert deliver(client, stripe_fake.emit(f"{kind}.updated", obj)).status_code == 400
    nested = ("[" * 50_000 + "]" * 50_000).encode()
    refused = client.post(
        WEBHOOK_URL, nested, content_type="application/json", HTTP_STRIPE_SIGNATURE=sign(nested)
    )
    assert refused.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_a_signed_subscription_of_a_team_id_beyond_any_column_is_ignored(
    client,
    stripe_fake,  # noqa: F811
):
    subscription = {
        "id": "sub_x",
        "object": "subscription",
        "customer": "cus_unknown",
        "status": "active",
        "metadata": {"team_id": "9" * 40},
        "items": {"data": []},
        "created": 1_790_000_000,
    }
    stripe_fake.subscriptions["sub_x"] = subscription
    event = stripe_fake.emit("customer.subscription.updated", subscription)
    response = deliver(client, event)
    assert response.status_code == 200
    assert response.json()["status"] == "processed"
    assert not Subscription.objects.exists()


def test_every_answer_switches_off_the_browser_features_the_site_never_uses(client, home_page):
    policy = client.get("/").headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_a_signed_subscription_with_times_no_date_can_hold_is_stored_without_them(
    client,
    stripe_fake,  # noqa: F811
):
    """Gone at Stripe, the event's own copy is stored: its times out of any date's range are
    unknown (None), not a failure retried for hours."""
    tenant = make_tenant("Times")
    subscription = {
        "id": "sub_gone",
        "object": "subscription",
        "customer": "cus_times",
        "status": "canceled",
        "metadata": {"team_id": str(tenant.team.pk)},
        "items": {"data": [{"current_period_end": 10**15}]},
        "ended_at": -(10**12),
        "created": 1_790_000_000,
    }
    event = stripe_fake.emit("customer.subscription.deleted", subscription)
    response = deliver(client, event)
    assert response.status_code == 200, response.content
    stored = Subscription.objects.get()
    assert (stored.team, stored.status) == (tenant.team, "canceled")
    assert stored.current_period_end is None
    assert stored.ended_at is None
