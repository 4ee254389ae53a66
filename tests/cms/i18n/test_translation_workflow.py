"""The editor's translation workflow in the admin, through wagtail-localize's own views:
translate a page, open the translation editor, download and upload a PO file, machine
translation, and syncing a changed source page."""

from __future__ import annotations

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from cms.pages.models import StandardPage
from tests.cms.home.factories import published
from tests.cms.pages.factories import StandardPageFactory
from tests.site_apps.accounts.factories import UserFactory

DUMMY = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


@pytest.fixture
def editor(client, home_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def about(home_page) -> StandardPage:
    return published(
        StandardPageFactory.create(
            parent=home_page, title="About us", slug="about", intro="Who we are."
        )
    )


def translate(editor, page, language: str) -> Translation:
    locale = Locale.objects.get(language_code=language)
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert editor.get(url).status_code == 200
    response = editor.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def test_translate_a_page_then_po_download_and_upload_publish_it(
    editor, about, home_page, django_capture_on_commit_callbacks
):
    home = translate(editor, home_page, "es")  # the section's root first, as an editor would
    with django_capture_on_commit_callbacks(execute=True):
        home.save_target(publish=True)
    translation = translate(editor, about, "es")
    spanish = about.get_translation(Locale.objects.get(language_code="es"))
    # A new translation is a draft: no untranslated English copy goes live under /es/ (issue 12).
    assert not spanish.live
    assert editor.get("/es/about/").status_code == 404
    assert editor.get(reverse("wagtailadmin_pages:edit", args=[spanish.pk])).status_code == 200

    download = editor.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    assert {"About us", "Who we are."} <= {entry.msgid for entry in po}
    for entry in po:
        entry.msgstr = {"About us": "Sobre nosotros", "Who we are.": "Quiénes somos."}.get(
            entry.msgid, entry.msgid
        )
    upload = SimpleUploadedFile("about-es.po", str(po).encode(), "text/x-gettext-translation")
    next_url = reverse("wagtailadmin_pages:edit", args=[spanish.pk])
    response = editor.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": upload, "next": next_url},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)  # the editor's "Publish in Spanish"
    spanish.refresh_from_db()
    assert spanish.title == "Sobre nosotros"
    page = editor.get("/es/about/")
    assert page.status_code == 200
    assert "Quiénes somos." in page.content.decode()


def test_machine_translation_fills_the_untranslated_segments(editor, about, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = DUMMY
    translation = translate(editor, about, "fr")
    response = editor.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        {"next": "/admin/"},
    )
    assert response.status_code == 302
    machine = StringTranslation.objects.filter(
        locale=translation.target_locale, translation_type="machine"
    )
    assert machine.filter(translation_of__data="About us").get().data == "us About"


def test_sync_brings_source_changes_to_the_translation(editor, about):
    translation = translate(editor, about, "ar")
    about.intro = "Who we are, and why."
    about.save_revision().publish()
    url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    assert editor.get(url).status_code == 200
    assert editor.post(url, {}).status_code == 302
    translation.source.refresh_from_db()
    strings = set(translation.source.stringsegment_set.values_list("string__data", flat=True))
    assert "Who we are, and why." in strings


def test_a_translator_types_a_translation_in_the_editor(editor, about, home_page):
    """The translation editor saves a typed string as form data (PUT); the API's JSON-only
    parser made every save a 415, shown as "Server error", and the machine's or English text
    went out instead."""
    translate(editor, home_page, "es")
    translation = translate(editor, about, "es")
    segment = translation.source.stringsegment_set.get(string__data="About us")
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = editor.put(
        url, "value=Sobre+nosotros", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201, response.content
    assert (
        StringTranslation.objects.get(
            translation_of=segment.string, locale=translation.target_locale
        ).data
        == "Sobre nosotros"
    )
    assert editor.delete(url).status_code == 200
    assert not StringTranslation.objects.filter(
        translation_of=segment.string, locale=translation.target_locale
    ).exists()


def test_a_translated_plan_opens_in_the_translation_editor(editor):
    """The plans' admin keeps its old address (/admin/snippets/pricing/plan/) under the
    namespace wagtail-localize looks for: with a namespace of its own, editing a translated
    plan, syncing one and the translations report were 500s."""
    from tests.cms.pricing.factories import PlanFactory

    plan = published(PlanFactory.create(name="Business"))
    spanish = Locale.objects.get(language_code="es")
    url = reverse("wagtail_localize:submit_snippet_translation", args=["billing", "plan", plan.pk])
    assert editor.get(url).status_code == 200
    assert editor.post(url, {"locales": [spanish.pk]}).status_code == 302
    translated = plan.get_translation(spanish)
    edit = editor.get(f"/admin/snippets/pricing/plan/edit/{translated.pk}/")
    assert edit.status_code == 200
    assert "Business" in edit.content.decode()
    assert editor.get(reverse("wagtail_localize:translations_report")).status_code == 200
    assert editor.get(f"/admin/snippets/pricing/plan/edit/{plan.pk}/").status_code == 200
