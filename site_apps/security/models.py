"""Where sign-in limits are counted while Redis is away (see cms/cache.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LimitCounter(models.Model):
    """A row of Django's database cache (the columns `createcachetable` makes), used by
    `cms.cache.LimitCounterCache` for rate-limit counters during a Redis outage. Made by a
    migration like any table, so a deployment needs no extra step."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("limit counter")
        verbose_name_plural = _("limit counters")

    def __str__(self) -> str:
        return self.cache_key
