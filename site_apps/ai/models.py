"""The AI features' switches and budget per site, their monthly use, and an audit row per call.

Nothing here calls a provider: `services.py` reserves a call against the budget, asks the
gateway, then records what happened.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting


class Feature(models.TextChoices):
    WRITING = "writing", _("Writing assistance")
    IMAGE_TEXT = "image_text", _("Image titles and alt text")
    TRANSLATION = "translation", _("Machine translation")


def default_monthly_budget() -> int:
    return settings.AI_MONTHLY_BUDGET


class AiSettings(BaseSiteSetting):
    """Which AI features editors of this site see, and how many model calls a month it may make."""

    writing_assistance = models.BooleanField(
        _("writing assistance"),
        default=True,
        help_text=_("AI actions in rich-text fields, page titles and descriptions, and feedback."),
    )
    image_text = models.BooleanField(
        _("image titles and alt text"),
        default=True,
        help_text=_("Generate buttons for the title and alt text of images."),
    )
    machine_translation = models.BooleanField(
        _("machine translation"),
        default=True,
        help_text=_("Pre-fill translations in the translation editor, for review."),
    )
    monthly_call_budget = models.PositiveIntegerField(
        _("monthly call budget"),
        default=default_monthly_budget,
        help_text=_(
            "Model calls this site may make per calendar month, all features and editors "
            "together. Further requests are refused until the next month."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("writing_assistance"),
                FieldPanel("image_text"),
                FieldPanel("machine_translation"),
            ],
            heading=_("Features"),
        ),
        FieldPanel("monthly_call_budget"),
    ]

    class Meta:
        verbose_name = _("AI settings")

    def allows(self, feature: str) -> bool:
        return {
            Feature.WRITING: self.writing_assistance,
            Feature.IMAGE_TEXT: self.image_text,
            Feature.TRANSLATION: self.machine_translation,
        }[Feature(feature)]


class MonthlyUsage(models.Model):
    """Model calls a site has made (or started) in a calendar month, counted against its budget."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text=_("The month's first day."))
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "month"], name="ai_one_usage_row_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.month:%Y-%m}: {self.calls}"


class ModelCall(models.Model):
    """One request to the model (or one refused before it), for the audit list in the admin.

    The prompt and the output are kept as short excerpts with personal data (email addresses,
    phone numbers, long numbers, IP addresses) replaced by placeholders.
    """

    class Outcome(models.TextChoices):
        OK = "ok", _("Answered")
        TIMEOUT = "timeout", _("Timed out")
        FAILED = "failed", _("Provider error")
        OVER_BUDGET = "over_budget", _("Refused: monthly budget spent")
        RATE_LIMITED = "rate_limited", _("Refused: too many requests")
        SWITCHED_OFF = "switched_off", _("Refused: feature switched off")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feature = models.CharField(_("feature"), max_length=20, choices=Feature.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    model_name = models.CharField(_("model"), max_length=100, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    input_tokens = models.PositiveIntegerField(_("input tokens"), default=0)
    output_tokens = models.PositiveIntegerField(_("output tokens"), default=0)
    prompt_excerpt = models.TextField(_("prompt"), blank=True)
    output_excerpt = models.TextField(_("output"), blank=True)

    class Meta:
        verbose_name = _("AI call")
        verbose_name_plural = _("AI calls")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_feature_display()} · {self.get_outcome_display()}"
