from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from site_apps.api.models import DailyUsage, TeamAPIKey
from site_apps.teams.models import Team
from tests.site_apps.teams.factories import TeamFactory


class TeamAPIKeyFactory(factory.django.DjangoModelFactory[TeamAPIKey]):
    """A team's API key, made the way djangorestframework-api-key makes one. Its secret is not
    kept: use `key_with_secret` to call the API with it."""

    class Meta:
        model = TeamAPIKey

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"key {n}")

    @classmethod
    def _create(cls, model_class: type[TeamAPIKey], *args: Any, **kwargs: Any) -> TeamAPIKey:
        key, _secret = key_with_secret(**kwargs)
        return key


def key_with_secret(team: Team, **fields: Any) -> tuple[TeamAPIKey, str]:
    """A new key of the team, and the secret a program sends (shown once, never stored)."""
    fields.setdefault("name", f"{team.name} key")
    key, secret = TeamAPIKey.objects.create_key(team=team, **fields)
    assert isinstance(key, TeamAPIKey)
    return key, secret


class DailyUsageFactory(factory.django.DjangoModelFactory[DailyUsage]):
    """A day's count of one key's requests to one endpoint."""

    class Meta:
        model = DailyUsage

    day = factory.LazyFunction(timezone.localdate)
    api_key = factory.SubFactory(TeamAPIKeyFactory)
    team = factory.SelfAttribute("api_key.team")
    principal = factory.LazyAttribute(lambda usage: f"key:{usage.api_key.prefix}")
    endpoint = "todos"
    status_class = "2xx"
    count = 1
