"""One error family: a refusal a page did not catch is shown with its message and status."""

from __future__ import annotations

import pytest
from django.test import override_settings

from site_apps.billing.gateway import BillingNotConfigured, BillingProviderError
from site_apps.billing.services import BillingError
from site_apps.common.errors import ApplicationError, ProviderError
from site_apps.mail.gateway import LoopsError
from site_apps.teams.models import Role
from site_apps.teams.policy import TeamPermissionDenied
from site_apps.teams.services import TeamError
from tests.site_apps.billing.factories import CustomerFactory
from tests.site_apps.teams.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def error_urls(settings) -> None:
    settings.ROOT_URLCONF = "tests.site_apps.common.error_urls"


def test_a_billing_refusal_on_a_page_shows_its_message_with_a_400(client, error_urls):
    owner = MembershipFactory(role=Role.OWNER)
    response = client.get(f"/test-errors/portal/{owner.pk}/")
    assert response.status_code == 400
    assert "This team has no subscription to manage yet." in response.content.decode()


@override_settings(STRIPE_SECRET_KEY="")
def test_a_provider_failure_on_a_page_shows_a_polite_message_not_the_providers(client, error_urls):
    owner = MembershipFactory(role=Role.OWNER)
    CustomerFactory.create(team=owner.team, stripe_id="cus_test")
    response = client.get(f"/test-errors/portal/{owner.pk}/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Online payments are not configured on this site." in page
    assert "STRIPE_SECRET_KEY" not in page


def test_the_apps_errors_are_one_family():
    for error in (TeamError, TeamPermissionDenied, BillingError, BillingNotConfigured):
        assert issubclass(error, ApplicationError)
    assert issubclass(BillingProviderError, ProviderError)
    assert issubclass(LoopsError, ProviderError)
    loops = LoopsError("Invalid API key abc", status=401)
    assert loops.http_status == 502
    assert "abc" not in loops.public_message
