from __future__ import annotations

import pytest
from wagtail_ab_testing.models import AbTest

from cms.home.models import HomePage
from cms.pricing.models import PricingPage
from tests.cms.home.factories import published
from tests.cms.pricing.factories import PricingPageFactory
from tests.site_apps.experiments.factories import AbTestFactory

CTA_BLOCK = {
    "type": "call_to_action",
    "value": {
        "heading": "Ready to start?",
        "text": "",
        "buttons": [{"label": "Start for free", "page": None, "url": "/accounts/signup/"}],
    },
}


def landing_with_variant(home: HomePage, *, control: str, variant: str):
    """The home page published with `control` as its intro, and a draft with `variant`."""
    home.intro = control
    home.save_revision().publish()
    home.intro = variant
    return home.save_revision()


def start_test(home: HomePage, revision, *, goal: str, goal_page=None, sample_size=1000) -> AbTest:
    test = AbTestFactory.create(
        page=home,
        variant_revision=revision,
        goal_event=goal,
        goal_page=goal_page,
        sample_size=sample_size,
    )
    test.start()
    return test


@pytest.fixture
def pricing(home_page) -> PricingPage:
    return published(PricingPageFactory.create(parent=home_page))
