"""A locked-out sign-in says so: 429, Retry-After, and until when, on the page and the API."""

from __future__ import annotations

import pytest

from tests.site_apps.accounts.factories import UserFactory, verified

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_the_sixth_wrong_password_locks_the_address_on_the_page_and_the_api(client, home_page):
    user = verified(UserFactory())
    for _ in range(5):
        wrong = client.post("/accounts/login/", {"login": user.email, "password": "nope"})
        assert wrong.status_code == 200
    locked = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert 0 < int(locked["Retry-After"]) <= 300
    assert "locked until" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    token = client.post(
        "/api/v1/auth/token/",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 429
    assert token.json()["type"] == "throttled"
    assert 0 < int(token["Retry-After"]) <= 300
    assert token["RateLimit-Limit"] == "5"
    assert token["RateLimit-Remaining"] == "0"
    assert token["RateLimit-Reset"] == token["Retry-After"]
