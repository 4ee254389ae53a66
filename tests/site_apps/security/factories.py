from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from site_apps.security.models import LimitCounter


class LimitCounterFactory(factory.django.DjangoModelFactory[LimitCounter]):
    """A rate-limit counter kept in the database during a Redis outage."""

    class Meta:
        model = LimitCounter

    cache_key = factory.Sequence(lambda n: f":1:limit:{n}")
    value = "1"
    expires = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=5))
