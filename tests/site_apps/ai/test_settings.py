"""AI is configured by the environment: off and invisible without it, refused in production
when half-configured or pointed at the fake."""

from __future__ import annotations

from tests.cms.settings.test_settings import PRODUCTION_ENV, run_manage, run_settings

SHOW = (
    "from django.conf import settings; from django.test import Client; "
    "from site_apps.accounts.models import User; "
    "print('apps', 'wagtail_ai' in settings.INSTALLED_APPS); "
    "print('form', getattr(settings, 'WAGTAILIMAGES_IMAGE_FORM_BASE', 'default')); "
    "from django.urls import resolve; "
    "print('view', resolve('/admin/ai/text_completion/').func.__module__)"
)


def test_without_a_provider_ai_is_off_and_invisible():
    result = run_manage(
        "shell",
        "-c",
        SHOW,
        env_vars={
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "TEST_AI_PROVIDER": "",
            "DJANGO_READ_DOT_ENV": "0",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "apps False" in result.stdout
    assert "form default" in result.stdout
    assert "site_apps.ai" not in result.stdout  # the path is an ordinary (missing) page


def test_production_refuses_the_fake_and_a_provider_without_its_key():
    result = run_manage("check", env_vars=PRODUCTION_ENV | {"AI_PROVIDER": "fake"})
    assert result.returncode != 0
    assert "AI_PROVIDER is malformed" in result.stderr, result.stderr
    result = run_manage(
        "check", env_vars=PRODUCTION_ENV | {"AI_PROVIDER": "openai", "AI_TIMEOUT": "0"}
    )
    assert "AI_API_KEY is missing" in result.stderr, result.stderr
    assert "AI_TIMEOUT is malformed" in result.stderr, result.stderr
    configured = PRODUCTION_ENV | {"AI_PROVIDER": "openai", "AI_API_KEY": "sk-test-123"}
    assert run_manage("check", env_vars=configured).returncode == 0


DEVELOPMENT_SHOW = (
    "from django.conf import settings; "
    "print('provider', settings.AI_PROVIDER or '-', 'enabled', settings.AI_ENABLED); "
    "print('translator', settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR['CLASS'])"
)


def env_example_values() -> dict[str, str]:
    """What `cp .env.example .env` gives development (the file's uncommented assignments)."""
    from cms.settings.env import BASE_DIR

    values = {}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_development_answers_from_the_fake_with_no_key_and_with_env_example_copied():
    """`make run` shows the AI features with nothing configured, and still does after the
    README's `cp .env.example .env` (an empty AI_PROVIDER= there would turn them off)."""
    for extra in ({}, env_example_values()):
        result = run_settings(
            DEVELOPMENT_SHOW,
            env_vars=extra
            | {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DJANGO_READ_DOT_ENV": "0"},
        )
        assert result.returncode == 0, result.stderr
        assert "provider fake enabled True" in result.stdout, (sorted(extra), result.stdout)
        assert "translator site_apps.ai.translator.GatewayTranslator" in result.stdout
