"""A/B tests of a page (wagtail-ab-testing's AbTest) and the visitors taking part."""

from __future__ import annotations

import uuid

import factory
from wagtail_ab_testing.models import AbTest

from site_apps.experiments.models import Participant
from tests.cms.home.factories import site_with_home
from tests.site_apps.accounts.factories import UserFactory


class AbTestFactory(factory.django.DjangoModelFactory[AbTest]):
    """A test of a draft of the site's home page (not started: call `start()`)."""

    class Meta:
        model = AbTest

    page = factory.LazyFunction(site_with_home)
    name = "Shorter intro"
    variant_revision = factory.LazyAttribute(lambda test: test.page.save_revision())
    goal_event = "visit-page"
    sample_size = 1000
    created_by = factory.SubFactory(UserFactory, is_staff=True)


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    test = factory.SubFactory(AbTestFactory)
    visitor = factory.LazyFunction(lambda: uuid.uuid4().hex)
    version = AbTest.VERSION_CONTROL
