from __future__ import annotations

from collections.abc import Iterator

import pytest
from wagtail.models import Site
from wagtail_ai.models import Prompt

from site_apps.ai import fake
from site_apps.ai.models import AiSettings
from tests.site_apps.accounts.factories import UserFactory


@pytest.fixture
def editor(client, home_page):
    """A signed-in editor (superuser) in the admin."""
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def prompt() -> Prompt:
    """One of wagtail-ai's stored rich-text prompts ("Correct Spelling"...)."""
    return Prompt.objects.filter(method=Prompt.Method.REPLACE).first() or Prompt.objects.create(
        label="Fix", prompt="Correct the spelling.", method=Prompt.Method.REPLACE
    )


@pytest.fixture
def ai_settings(home_page) -> AiSettings:
    return AiSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def provider_on_socket(settings) -> Iterator[fake.FakeProvider]:
    """The fake provider served on a real local port, the gateway pointed at it as at any
    OpenAI-compatible provider (AI_PROVIDER=openai): the SDK's real HTTP, timeouts included."""
    provider = fake.FakeProvider()
    server = fake.serve(provider)
    settings.AI_PROVIDER = "openai"
    settings.AI_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings.AI_API_KEY = "sk-test-not-a-real-key"
    yield provider
    server.shutdown()
    server.server_close()
