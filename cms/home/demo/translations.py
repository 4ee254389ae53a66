"""Translates the demo site into every content language the way an editor would: through
wagtail-localize, with the translated strings taken from fixtures/demo/locale/<language>.po.

Each PO file maps the demo's English strings (msgid) to their translation (msgstr), like
wagtail-localize's own PO download, minus the per-page contexts, so one file serves every page.
Paths inside the site (`/pricing/`) get the language's prefix (`/es/pricing/`). A string missing
from a catalogue falls back to English, as wagtail-localize does. Existing translations are left
alone, so running the demo loader again changes nothing.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.db import models
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from cms.blog.models import Author, BlogCategory
from cms.home.models import DemoContent
from cms.i18n.locales import ensure_locales
from cms.navigation.models import Footer, MainMenu
from site_apps.billing.offers import Plan

CATALOGUES = Path(settings.BASE_DIR) / "fixtures" / "demo" / "locale"
SITE_PATH = re.compile(r"^/(?!/)[\w\-/]*(#[\w\-]*)?$")


@cache
def catalogue(language: str) -> dict[str, str]:
    """English -> translation for one language (empty when there is no PO file)."""
    path = CATALOGUES / f"{language}.po"
    if not path.is_file():
        return {}
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr}


def localized_path(text: str, language: str) -> str:
    """`/pricing/` -> `/es/pricing/` for a path inside the site; "" for anything else."""
    if language == settings.LANGUAGE_CODE or not SITE_PATH.match(text):
        return ""
    return f"/{language}{text}"


class DemoTranslator:
    def __init__(self) -> None:
        self.created: list[str] = []
        self.skipped: list[str] = []

    def translate_site(self, home: Page) -> list[str]:
        default = Locale.get_default()
        own = DemoContent.objects.values("translation_key")
        snippets: list[models.Model] = []
        navigation: list[models.Model] = []
        for model in (Author, BlogCategory, Plan, MainMenu, Footer):
            found = list(
                model.objects.filter(locale=default, translation_key__in=own).order_by("pk")
            )
            (navigation if model in (MainMenu, Footer) else snippets).extend(found)
        pages = list(
            home.get_descendants(inclusive=True)
            .filter(translation_key__in=own)
            .order_by("path")
            .specific()
        )
        for locale in ensure_locales():
            if locale.pk == default.pk:
                continue
            # Snippets first: translated pages point at the translated authors and categories;
            # the menus and footer last, as they link the translated pages.
            for instance in [*snippets, *pages, *navigation]:
                self.translate(instance, locale)
        return self.created

    def translate(self, instance: Any, locale: Locale) -> None:
        if instance.has_translation(locale):
            return
        if isinstance(instance, Page) and not instance.is_root():
            parent = instance.get_parent()
            if not parent.is_root() and not parent.has_translation(locale):
                # An editor's page (the demo's parents are translated first): no copy of it in
                # another language, so the demo's page under it stays untranslated.
                self.skipped.append(f"page {instance.url_path} ({locale.language_code})")
                return
        with_block_ids(instance)
        language = locale.language_code
        strings = catalogue(language)
        source, _ = TranslationSource.get_or_create_from_instance(instance)
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        for segment in segments:
            english = segment.string.data
            text = strings.get(english) or localized_path(english, language)
            if text:
                StringTranslation.objects.get_or_create(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    defaults={"data": text},
                )
        Translation.objects.get_or_create(source=source, target_locale=locale)
        is_page = isinstance(instance, Page)
        # Pages are saved as a draft and published here: wagtail-localize would publish them
        # only once the surrounding transaction commits.
        translated, _ = source.create_or_update_translation(
            locale, publish=not is_page, copy_parent_pages=True, fallback=True
        )
        if is_page:
            translated.get_latest_revision().publish()
        kind = "page" if is_page else "snippet"
        self.created.append(f"{kind} {type(instance).__name__} {instance} ({language})")


def with_block_ids(instance: Any) -> None:
    """Give every block of the instance's StreamFields an id, list items included.

    wagtail-localize finds a block's strings by its id; blocks stored from raw JSON (as the
    demo fixture is) have none in list items until Wagtail serializes them once.
    """
    changed = []
    for field in instance._meta.get_fields():
        if not isinstance(field, StreamField):
            continue
        value = getattr(instance, field.name)
        raw = list(value.raw_data)
        stream = field.stream_block.to_python(raw)
        list(stream)  # convert every child, so none is written back in its raw form
        prepared = field.stream_block.get_prep_value(stream)
        if prepared != raw:
            setattr(instance, field.name, prepared)
            changed.append(field.name)
    if changed:
        type(instance)._default_manager.filter(pk=instance.pk).update(
            **{name: getattr(instance, name) for name in changed}
        )
        instance.refresh_from_db(fields=changed)


def source_strings(instances: list[Any]) -> list[str]:
    """Every translatable English string of the given objects, in order (to write catalogues)."""
    seen: dict[str, None] = {}
    for instance in instances:
        source, _ = TranslationSource.get_or_create_from_instance(instance)
        for segment in StringSegment.objects.filter(source=source).select_related("string"):
            seen.setdefault(segment.string.data, None)
    return list(seen)
