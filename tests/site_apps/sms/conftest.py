"""Fixtures for the SMS tests: the locmem outbox, a person whose team's plan includes phone
verification, and a local fake Twilio with the real SDK pointed at it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from site_apps.sms import backends, gateway
from site_apps.teams.models import Role
from tests.site_apps.accounts.factories import verified
from tests.site_apps.billing.factories import SubscriptionFactory
from tests.site_apps.observability.conftest import json_log, sentry  # noqa: F401
from tests.site_apps.sms.fake_twilio import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    FROM_NUMBER,
    FakeTwilio,
    fake_twilio,
)
from tests.site_apps.teams.factories import team_with

PHONE = "+447400123456"
OTHER_PHONE = "+33612345678"
STATUS_URL = "https://www.example.com/sms/twilio/status/"


def member_of_paid_team(email: str = "phone@example.com"):
    team, (membership,) = team_with(Role.OWNER, name=f"Paid {email}")
    SubscriptionFactory.create(team=team)  # an active subscription, as Stripe would leave it
    membership.user.email = email
    membership.user.save()
    return verified(membership.user)


def code_in(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


@pytest.fixture(autouse=True)
def outbox() -> Iterator[list]:
    backends.outbox.clear()
    backends.LocmemBackend.fail_with = ""
    yield backends.outbox
    backends.outbox.clear()
    backends.LocmemBackend.fail_with = ""


@pytest.fixture
def person(db):
    return member_of_paid_team()


@pytest.fixture
def twilio(settings) -> Iterator[FakeTwilio]:
    """Twilio as the backend, the SDK talking to a local fake (half-second timeout)."""
    with fake_twilio() as fake:
        settings.SMS_BACKEND = "site_apps.sms.backends.TwilioBackend"
        settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
        settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
        settings.TWILIO_FROM_NUMBER = FROM_NUMBER
        settings.TWILIO_MESSAGING_SERVICE_SID = ""
        settings.TWILIO_API_BASE = fake.url
        settings.TWILIO_TIMEOUT = 0.5
        settings.SITE_URL = "https://www.example.com"
        # The SDK's first client takes a while to build (its imports): not part of any wait
        # the timeout tests measure.
        gateway.client()
        yield fake
