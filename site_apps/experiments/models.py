"""Who has taken part in a running A/B test, so a visitor is counted once and converts once.

wagtail-ab-testing keeps only hourly totals (`AbTestHourlyLog`); these rows stop a reload, a
second tab or a replayed request from counting a visitor twice. A row holds no address and no
cookie: `visitor` is a keyed hash of the test and the visitor's key (see visitors.py), useless
for any other test or site, and the rows of a test are deleted when it stops running.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Participant(models.Model):
    test = models.ForeignKey(
        "wagtail_ab_testing.AbTest", on_delete=models.CASCADE, related_name="+"
    )
    visitor = models.CharField(max_length=64)
    version = models.CharField(max_length=9)
    joined_at = models.DateTimeField(auto_now_add=True)
    converted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("A/B test participant")
        constraints = [
            models.UniqueConstraint(fields=["test", "visitor"], name="experiments_once_per_test")
        ]

    def __str__(self) -> str:
        return f"{self.test_id}:{self.visitor[:8]} ({self.version})"
