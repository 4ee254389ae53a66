"""The A/B testing admin on Wagtail 8: creating a test from a page's draft, its progress page
with significance, the report."""

from __future__ import annotations

import pytest
from wagtail_ab_testing.models import AbTest

from site_apps.experiments import goals
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.experiments.conftest import landing_with_variant

pytestmark = pytest.mark.django_db


def test_an_editor_creates_and_starts_a_test_and_reads_its_progress(client, home_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    landing_with_variant(home_page, control="Control intro.", variant="Variant intro.")
    compare = client.get(f"/admin/abtests/add/{home_page.pk}/compare/")
    assert compare.status_code == 200
    assert "Variant" in compare.content.decode()  # the draft's change, as a diff
    form = client.get(f"/admin/abtests/add/{home_page.pk}/").content.decode()
    assert "Click a call to action on the tested page" in form
    assert "Complete a checkout" in form
    response = client.post(
        f"/admin/abtests/add/{home_page.pk}/",
        {"name": "Shorter intro", "goal_event": goals.CTA_CLICK, "sample_size": 200, "start": "1"},
    )
    assert response.status_code == 302
    test = AbTest.objects.get()
    assert test.status == AbTest.STATUS_RUNNING
    progress = client.get(f"/admin/pages/{home_page.pk}/edit/").content.decode()
    assert "Shorter intro" in progress
    assert "Not enough conversions yet" in progress
    assert "Shorter intro" in client.get("/admin/abtests/report/").content.decode()
    results = client.get(f"/admin/abtests/results/{home_page.pk}/{test.pk}/")
    assert results.status_code == 200
    assert "Significance" in results.content.decode()
