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


def invitation_link(client, django_capture_on_commit_callbacks) -> str:
    """The path of the link in an invitation to grace@example.com, sent by a team's owner (who
    stays signed in)."""
    team, (owner,) = team_with(Role.OWNER)
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("teams:invite", kwargs={"slug": team.slug}),
            {"invite-email": "grace@example.com", "invite-role": Role.MEMBER},
        )
    return path_in(mail.outbox[-1])


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

    invitation_path = invitation_link(client, django_capture_on_commit_callbacks)
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


def test_links_without_their_final_slash_are_redacted_too(
    client, home_page, everything_logged, django_capture_on_commit_callbacks
):
    """Django answers a link missing its final slash (or with a query after it) by redirecting
    to the slashed one, but the request lines name it as it was asked for, key and all."""
    password = "correct horse battery staple"
    client.post(
        reverse("account_signup"),
        {"email": "newcomer@example.com", "password1": password, "password2": password},
    )
    confirm_path = path_in(mail.outbox[-1])
    assert "/accounts/confirm-email/" in confirm_path
    client.logout()
    user = verified(UserFactory(email="forgetful@example.com"))
    client.post(reverse("account_reset_password"), {"email": user.email})
    reset_path = path_in(mail.outbox[-1])
    invitation_path = invitation_link(client, django_capture_on_commit_callbacks)
    client.logout()

    secrets = []
    for path in (confirm_path, reset_path, invitation_path):
        bare = path.rstrip("/")
        secrets.append(bare.rsplit("/", 1)[1])
        assert client.get(bare).status_code == 301
        client.get(f"{bare}?next=/")

    logged = everything_logged.text
    for secret in (*secrets, secrets[1].split("-", 1)[1]):
        assert len(secret) >= 20
        assert secret not in logged, f"{secret} leaked into the log"


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
        # Without the final slash, and with a query string after.
        ("GET /teams/join/abcdefghijklmnopqrstuvwxyz", "GET /teams/join/[REDACTED]"),
        (
            "/accounts/password/reset/key/1c-abc123?next=/",
            "/accounts/password/reset/key/[REDACTED]-[REDACTED]?next=/",
        ),
        (
            "https://x.example/es/accounts/confirm-email/MTY:1tq:abcd",
            "https://x.example/es/accounts/confirm-email/[REDACTED]",
        ),
        (
            "/admin/password_reset/confirm/MQ/cz9t-8a1b2c3d4e",
            "/admin/password_reset/confirm/[REDACTED]/[REDACTED]",
        ),
        ("/teams/join/too-short", "/teams/join/too-short"),
        ("/teams/acme/settings/", "/teams/acme/settings/"),
        ("no paths here", "no paths here"),
    ],
)
def test_only_the_secret_parts_of_secret_routes_are_blanked(text, expected):
    assert redact_urls(text) == expected
