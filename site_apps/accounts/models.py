"""The custom user model: people log in with their email address, never a username."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        """Whole address lower-cased: people type their email in many casings, and it is one
        identity."""
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=self.normalize_email(username))

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if not (extra["is_staff"] and extra["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Email is the login identifier and is unique whatever its casing."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    # E.164. Set only by site_apps.sms.services: a verified number is replaced only once the new
    # one is verified. Unverified only between allauth's phone sign-up and its code.
    phone = PhoneNumberField(_("phone number"), blank=True, null=True)
    phone_verified_at = models.DateTimeField(_("phone verified"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            # A number belongs to one account once verified; unverified claims do not block it.
            models.UniqueConstraint(
                fields=["phone"],
                condition=models.Q(phone_verified_at__isnull=False),
                name="accounts_user_verified_phone_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def has_verified_phone(self) -> bool:
        return bool(self.phone) and self.phone_verified_at is not None

    def clean(self) -> None:
        super().clean()
        self.email = UserManager.normalize_email(self.email)
