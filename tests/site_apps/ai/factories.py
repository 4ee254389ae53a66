from __future__ import annotations

import factory
from django.utils import timezone

from site_apps.ai.models import AiSettings, Feature, ModelCall, MonthlyUsage
from tests.cms.home.factories import default_site


class AiSettingsFactory(factory.django.DjangoModelFactory[AiSettings]):
    """The default site's AI settings (one row per site: found, or made with these values)."""

    class Meta:
        model = AiSettings
        django_get_or_create = ("site",)

    site = factory.LazyFunction(default_site)


class MonthlyUsageFactory(factory.django.DjangoModelFactory[MonthlyUsage]):
    class Meta:
        model = MonthlyUsage

    site = factory.LazyFunction(default_site)
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    calls = 1


class ModelCallFactory(factory.django.DjangoModelFactory[ModelCall]):
    class Meta:
        model = ModelCall

    site = factory.LazyFunction(default_site)
    feature = Feature.WRITING
    outcome = ModelCall.Outcome.OK
    model_name = "fake"
    duration_ms = 120
