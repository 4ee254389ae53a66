"""Machine translation of a page into Spanish through the gateway: the editor pre-fills the
translation, reviews it, publishes it; refusals become messages on the translation editor."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from cms.pages.models import StandardPage
from site_apps.ai.models import Feature, ModelCall
from site_apps.ai.translator import GatewayTranslator
from tests.cms.home.factories import published
from tests.cms.pages.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home_page) -> StandardPage:
    return published(
        StandardPageFactory.create(
            parent=home_page, title="About us", slug="about", intro="Who we are."
        )
    )


def submit(editor, page, language: str) -> Translation:
    locale = Locale.objects.get(language_code=language)
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert editor.post(url, {"locales": [locale.pk]}).status_code == 302
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def machine_translate(editor, translation: Translation, next_url: str) -> str:
    """Press the button; the messages the editor is shown next."""
    url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    response = editor.post(url, {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_a_page_is_machine_translated_into_spanish_then_reviewed_and_published(
    editor, about, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(editor, home_page, "es").save_target(publish=True)
    translation = submit(editor, about, "es")
    spanish = about.get_translation(Locale.objects.get(language_code="es"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[spanish.pk])
    button = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    assert button in editor.get(edit_url).content.decode()  # "Translate with AI" is offered

    shown = machine_translate(editor, translation, edit_url)
    assert "Translated with AI: review each string" in shown
    strings = StringTranslation.objects.filter(locale__language_code="es")
    assert {s.data for s in strings} >= {"[es] About us", "[es] Who we are."}
    assert {s.translation_type for s in strings} == {StringTranslation.TRANSLATION_TYPE_MACHINE}
    call = ModelCall.objects.get(feature=Feature.TRANSLATION)
    assert call.user == editor.user
    assert call.outcome == "ok"

    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)  # the editor publishes after review
    spanish.refresh_from_db()
    assert spanish.title == "[es] About us"
    assert "[es] Who we are." in editor.get(spanish.url).content.decode()
    assert "anything left to translate" in machine_translate(editor, translation, edit_url)


def test_a_refusal_is_a_message_on_the_translation_editor(editor, about, ai_settings):
    translation = submit(editor, about, "fr")
    ai_settings.monthly_call_budget = 0
    ai_settings.save()
    shown = machine_translate(editor, translation, "/admin/")
    assert "used all 0 AI calls of its monthly budget" in shown
    assert not StringTranslation.objects.filter(locale__language_code="fr").exists()


def test_switched_off_translation_is_not_offered(about, ai_settings):
    en, es = Locale.objects.get(language_code="en"), Locale.objects.get(language_code="es")
    assert GatewayTranslator({}).can_translate(en, es)
    assert not GatewayTranslator({}).can_translate(en, en)
    ai_settings.machine_translation = False
    ai_settings.save()
    assert not GatewayTranslator({}).can_translate(en, es)
