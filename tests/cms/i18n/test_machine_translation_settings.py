"""Machine translation is chosen from the environment: the AI gateway in development (its fake
provider), DeepL when a key is given, and production refuses a DeepL setup without its key."""

from __future__ import annotations

from tests.cms.settings.test_settings import PRODUCTION_ENV, run_manage, run_settings

SHOW = (
    "from django.conf import settings; "
    "print(getattr(settings, 'WAGTAILLOCALIZE_MACHINE_TRANSLATOR', {}).get('CLASS', 'none'))"
)


def test_production_refuses_deepl_without_its_key_and_unknown_translators():
    result = run_manage("check", env_vars=PRODUCTION_ENV | {"MACHINE_TRANSLATOR": "deepl"})
    assert result.returncode != 0
    assert "DEEPL_AUTH_KEY is missing" in result.stderr, result.stderr
    # The word-reversing stand-in is never offered in production (nor an unknown name).
    result = run_manage("check", env_vars=PRODUCTION_ENV | {"MACHINE_TRANSLATOR": "dummy"})
    assert result.returncode != 0
    assert "MACHINE_TRANSLATOR is malformed" in result.stderr, result.stderr


def test_deepl_with_a_key_is_configured_and_nothing_is_by_default():
    deepl = PRODUCTION_ENV | {"MACHINE_TRANSLATOR": "deepl", "DEEPL_AUTH_KEY": "abc:fx"}
    result = run_settings(SHOW, env_vars=deepl)
    assert result.returncode == 0, result.stderr
    assert "DeepLTranslator" in result.stdout
    result = run_settings(SHOW, env_vars=PRODUCTION_ENV)
    assert result.stdout.strip().endswith("none"), result.stdout


def test_development_offers_the_ai_translator_and_the_dummy_without_ai():
    dev = {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DJANGO_READ_DOT_ENV": "0"}
    result = run_settings(SHOW, env_vars=dev)
    assert result.returncode == 0, result.stderr
    assert "GatewayTranslator" in result.stdout  # through the fake AI provider
    result = run_settings(SHOW, env_vars=dev | {"AI_PROVIDER": ""})
    assert result.returncode == 0, result.stderr
    assert "ReversedWordsTranslator" in result.stdout
