"""Secrets inside URLs (password-reset keys, invitation tokens) never reach a log line or a
Sentry event: the whole log of the real flows, at DEBUG, is searched for the raw values."""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from site_apps.observability.secret_urls import redact_urls
from site_apps.teams.models import Role
from tests.site_apps.accounts.factories import UserFactory, verified
from tests.site_apps.teams.factories import team_with

pytestmark = pytest.mark.django_db


def path_in(message) -> str:
    url = re.search(r"https?://[^\s]+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def everything_logged(json_log):
    """The JSON log at DEBUG, SQL included."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    yield json_log
    root.setLevel(level)


def test_reset_keys_and_invitation_tokens_stay_out_of_logs_and_sentry(
    client, home_page, everything_logged, sentry, django_capture_on_commit_callbacks
):
    user = verified(UserFactory(email="forgetful@example.com"))
    client.post(reverse("account_reset_password"), {"email": user.email})
    reset_path = path_in(mail.outbox[-1])
    key = reset_path.rstrip("/").rsplit("/", 1)[1]
    # The link, then the next page with the link as its referrer, then a mistyped one.
    client.get(reset_path, HTTP_REFERER=f"https://mail.example{reset_path}")
    client.get("/", HTTP_REFERER=f"http://testserver{reset_path}")
    client.get(f"/es{reset_path[:-3]}xyz/")

    team, (owner,) = team_with(Role.OWNER)
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("teams:invite", kwargs={"slug": team.slug}),
            {"invite-email": "grace@example.com", "invite-role": Role.MEMBER},
        )
    invitation_path = path_in(mail.outbox[-1])
    token = invitation_path.rstrip("/").rsplit("/", 1)[1]
    client.logout()
    refused = client.post(invitation_path)  # signed out: sent to sign in, with next=<the link>
    assert invitation_path in refused["Location"]
    client.get(refused["Location"])
    client.force_login(verified(UserFactory(email="grace@example.com")))
    assert client.post(invitation_path).status_code == 302
    from site_apps.observability import gateway

    gateway.flush()

    logged = everything_logged.text
    assert "request_started" in logged
    assert "[REDACTED]" in logged
    for secret in (key, token, key.split("-", 1)[-1]):
        assert len(secret) >= 20
        assert secret not in logged, f"{secret} leaked into the log"
        assert secret not in sentry.raw_text(), f"{secret} leaked to Sentry"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /teams/join/abcdefghijklmnopqrstuvwxyz/", "GET /teams/join/[REDACTED]/"),
        ("/ar/teams/join/abcdefghijklmnopqrstuvwxyz/", "/ar/teams/join/[REDACTED]/"),
        (
            "referer=https://x.example/accounts/confirm-email/MTY:1tq:abcd/",
            "referer=https://x.example/accounts/confirm-email/[REDACTED]/",
        ),
        ("/teams/join/too-short/", "/teams/join/too-short/"),  # not that route: left alone
        ("/teams/acme/settings/", "/teams/acme/settings/"),
        ("no paths here", "no paths here"),
    ],
)
def test_only_the_secret_parts_of_secret_routes_are_blanked(text, expected):
    assert redact_urls(text) == expected
