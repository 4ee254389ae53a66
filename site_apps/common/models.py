"""Behaviour mixins: abstract models that give a model one well-known trait each.

Later apps compose these instead of repeating fields, so "when was it made", "who wrote it",
"is it live" and "has it run out" mean the same thing everywhere. Each trait brings its fields, a
queryset with the reads that go with them, and a few helpers. To combine the querysets of
several traits, build a manager from them, e.g. ``PublishableQuerySet.as_manager()``, or
subclass both querysets.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from site_apps.common.users import Caller, Person


class Timestampable(models.Model):
    """When a row was created and last changed, maintained by the database layer."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        get_latest_by = "created_at"


class AuthorableQuerySet(models.QuerySet[Any]):
    def authored_by(self, user: Person) -> AuthorableQuerySet:
        return self.filter(author=user)


class Authorable(models.Model):
    """Who wrote it. The author may be deleted later; the row stays, without an author."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(app_label)s_%(class)s_authored",
    )

    objects = AuthorableQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_authored_by(self, user: Caller | None) -> bool:
        return user is not None and user.is_authenticated and self.author_id == user.pk


class PublishableQuerySet(models.QuerySet[Any]):
    def published(self, at: datetime | None = None) -> PublishableQuerySet:
        """Rows whose publication time has come."""
        return self.filter(published_at__isnull=False, published_at__lte=at or timezone.now())

    def scheduled(self, at: datetime | None = None) -> PublishableQuerySet:
        """Rows set to go live later."""
        return self.filter(published_at__gt=at or timezone.now())

    def drafts(self) -> PublishableQuerySet:
        return self.filter(published_at__isnull=True)


class Publishable(models.Model):
    """Live from `published_at` on; no date means a draft, a future date means scheduled."""

    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_published(self, at: datetime | None = None) -> bool:
        return self.published_at is not None and self.published_at <= (at or timezone.now())

    def publish(self, at: datetime | None = None) -> None:
        self.published_at = at or timezone.now()

    def unpublish(self) -> None:
        self.published_at = None


class ExpirableQuerySet(models.QuerySet[Any]):
    def unexpired(self, at: datetime | None = None) -> ExpirableQuerySet:
        """Rows that have no expiry or whose expiry is still ahead."""
        moment = at or timezone.now()
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=moment))

    def expired(self, at: datetime | None = None) -> ExpirableQuerySet:
        return self.filter(expires_at__lte=at or timezone.now())


class Expirable(models.Model):
    """Valid until `expires_at`; no date means it never runs out."""

    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)

    objects = ExpirableQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_expired(self, at: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())

    def expire(self, at: datetime | None = None) -> None:
        self.expires_at = at or timezone.now()


class Permalinkable(models.Model):
    """A stable slug and the URL built from it.

    Subclasses name the URL pattern (`url_name`) and the field the slug is made from
    (`slug_source`); a blank slug is filled from that field, made unique within the model.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)

    url_name: ClassVar[str] = ""
    slug_source: ClassVar[str] = "name"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.ensure_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(self.url_name, kwargs=self.get_url_kwargs())

    def get_url_kwargs(self) -> dict[str, Any]:
        return {"slug": self.slug}

    def ensure_slug(self) -> str:
        """Fill a blank slug from `slug_source`, adding -2, -3... until no other row has it."""
        if not self.slug:
            base = slugify(str(getattr(self, self.slug_source, "")), allow_unicode=True)[:70]
            base = base or self._meta.model_name or "item"
            candidate, n = base, 1
            others = type(self)._default_manager.exclude(pk=self.pk)
            while others.filter(slug=candidate).exists():
                n += 1
                candidate = f"{base}-{n}"
            self.slug = candidate
        return self.slug


class LocatableQuerySet(models.QuerySet[Any]):
    def in_country(self, country_code: str) -> LocatableQuerySet:
        return self.filter(country=country_code.upper())

    def within_box(
        self, south: Decimal, west: Decimal, north: Decimal, east: Decimal
    ) -> LocatableQuerySet:
        """Rows whose coordinates fall in a latitude/longitude box (a cheap map-view filter)."""
        return self.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )


class Locatable(models.Model):
    """A postal address with optional coordinates."""

    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166 code"))
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    objects = LocatableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def formatted_address(self) -> str:
        """The non-blank parts of the address on one line, in the usual order."""
        city_line = " ".join(p for p in (self.postal_code, self.city) if p)
        parts = (self.address, city_line, self.region, self.country)
        return ", ".join(p for p in parts if p)


class Note(Timestampable, Authorable):
    """A free-text remark that staff attach to any row of an Annotatable model."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("note")

    def __str__(self) -> str:
        return self.text[:60]


class Annotatable(models.Model):
    """Rows that staff can attach notes to; notes go when the row goes."""

    notes = GenericRelation(Note, object_id_field="object_id", content_type_field="content_type")

    class Meta:
        abstract = True

    def add_note(self, text: str, author: Any = None) -> Note:
        return self.notes.create(text=text, author=author)
