"""Machine translation for wagtail-localize through the AI gateway.

The translation editor's "Translate with AI" button pre-fills every untranslated string of a
page or snippet; the editor then reviews each one (wagtail-localize marks them as machine
translations) before publishing. Strings go to the model in batches, as a JSON list, with
their HTML kept; each batch is one call against the site's budget.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Site
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

from site_apps.ai import services
from site_apps.ai.models import AiSettings, Feature
from site_apps.common.users import Caller

BATCH_CHARS = 6000
BATCH_STRINGS = 40


class GatewayTranslator(BaseMachineTranslator):
    display_name = _("AI")  # wagtail-localize shows "Translate with AI"

    def __init__(
        self, options: dict[str, Any], *, actor: Caller | None = None, site: Site | None = None
    ) -> None:
        super().__init__(options)
        self.actor = actor
        self.site = site

    def can_translate(self, source_locale: Locale, target_locale: Locale) -> bool:
        if not settings.AI_ENABLED:
            return False
        site = self.site or Site.objects.filter(is_default_site=True).first()
        if site is not None and not AiSettings.for_site(site).machine_translation:
            return False
        return _language(source_locale) != _language(target_locale)

    def translate(
        self, source_locale: Locale, target_locale: Locale, strings: Iterable[StringValue]
    ) -> dict[StringValue, StringValue]:
        translated: dict[StringValue, StringValue] = {}
        for batch in _batches(list(strings)):
            answers = self._translate_batch(source_locale, target_locale, batch)
            for source, answer in zip(batch, answers, strict=False):
                if isinstance(answer, str) and answer.strip():
                    translated[source] = StringValue(answer)
        return translated

    def _translate_batch(
        self, source_locale: Locale, target_locale: Locale, batch: list[StringValue]
    ) -> list[Any]:
        source, target = _language(source_locale), _language(target_locale)
        answer = services.ask_model_for_json(
            self.actor,
            site=self.site,
            feature=Feature.TRANSLATION,
            messages=[
                {
                    "role": "system",
                    "content": (
                        "You translate website copy for a product's marketing site. "
                        f"Source language code: {source}. Target language code: {target}. "
                        "Keep every HTML tag and attribute exactly as it is and translate only "
                        "the text; keep the tone, product names and placeholders. Answer with "
                        'a JSON object {"translations": [...]} holding one translated string '
                        "for each input string, in the same order."
                    ),
                },
                {
                    "role": "user",
                    "content": json.dumps(
                        {"strings": [string.data for string in batch]}, ensure_ascii=False
                    ),
                },
            ],
        )
        translations = answer.get("translations")
        if not isinstance(translations, list) or len(translations) != len(batch):
            raise services.AiRefused(
                str(_("The AI provider's translation did not match the text. Try again."))
            )
        return translations


def _language(locale: Locale) -> str:
    return locale.language_code.split("-")[0].lower()


def _batches(strings: list[StringValue]) -> Iterable[list[StringValue]]:
    batch: list[StringValue] = []
    size = 0
    for string in strings:
        if batch and (size + len(string.data) > BATCH_CHARS or len(batch) >= BATCH_STRINGS):
            yield batch
            batch, size = [], 0
        batch.append(string)
        size += len(string.data)
    if batch:
        yield batch
