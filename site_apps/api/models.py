"""Team API keys and the daily usage they (and people) make of the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

from site_apps.common.api.permissions import TeamKeyCredential

KEY_STATUSES = [("active", _("Active")), ("expired", _("Expired")), ("revoked", _("Revoked"))]


class TeamAPIKey(TeamKeyCredential, AbstractAPIKey):
    """A secret that lets a program act for one team (with a member's rights).

    djangorestframework-api-key stores only a SHA-512 digest and the 8-character prefix: the
    prefix identifies a key in lists and URLs; the whole key is shown once, when it is made.
    """

    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="api_keys"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def status(self) -> str:
        if self.revoked:
            return "revoked"
        if self.has_expired:
            return "expired"
        return "active"

    def get_status_display(self) -> str:
        return str(dict(KEY_STATUSES)[self.status])

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.revoked and self.revoked_at is None:
            self.revoked_at = timezone.now()
        super().save(*args, **kwargs)


class DailyUsage(models.Model):
    """How many requests one key (or one person) made to one endpoint on one day, by status
    class. Written only by `flush_api_usage` from the counters in the cache."""

    day = models.DateField(_("day"), db_index=True)
    principal = models.CharField(
        _("caller"),
        max_length=160,
        help_text=_('Who called, for which team: "key:<prefix>" or "user:<id>[@team:<id>]".'),
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_usage",
    )
    api_key = models.ForeignKey(
        TeamAPIKey,
        verbose_name=_("API key"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="usage",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    endpoint = models.CharField(_("endpoint"), max_length=120)
    status_class = models.CharField(_("status"), max_length=3)
    count = models.PositiveBigIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("API usage")
        verbose_name_plural = _("API usage")
        ordering = ["-day", "endpoint", "status_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "principal", "endpoint", "status_class"],
                name="api_one_usage_row_per_counter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.principal} {self.endpoint} {self.status_class}: {self.count}"
