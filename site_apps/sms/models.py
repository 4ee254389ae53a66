"""SMS: every outgoing text message with its delivery history, and the phone verifications
(codes) they carry.

Codes never reach the database: a verification keeps a keyed hash of its current code, and a
message keeps its body with the code masked. Limits are counted from these rows (messages sent
to a number, by a person, from an address in a window), so they hold without Redis.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from site_apps.common.models import Expirable, Timestampable


class Purpose(models.TextChoices):
    """Why a message was sent."""

    VERIFY_PHONE = "verify_phone", _("Phone verification (account page)")
    SIGNUP = "signup", _("Phone verification (sign-up)")


class Status(models.TextChoices):
    """A message's delivery status: ours (pending), then the provider's."""

    PENDING = "pending", _("Pending")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Undelivered")
    FAILED = "failed", _("Failed")


# How far along each status is: a message only ever moves to a higher rank, so a late "sent"
# after "delivered" changes nothing. The three outcomes share the last rank: the first one wins.
STATUS_RANK = {
    Status.PENDING: 0,
    Status.QUEUED: 1,
    Status.SENDING: 2,
    Status.SENT: 3,
    Status.DELIVERED: 4,
    Status.UNDELIVERED: 4,
    Status.FAILED: 4,
}
FINAL_STATUSES = frozenset({Status.DELIVERED, Status.UNDELIVERED, Status.FAILED})
FAILED_STATUSES = frozenset({Status.UNDELIVERED, Status.FAILED})


class PhoneVerification(Timestampable, Expirable):
    """One attempt to prove a person receives SMS at a number: codes sent, tries, outcome.

    `expires_at` is the current code's expiry (none until a code has been sent). Wrong tries are
    counted here; once a number collects `SMS_MAX_WRONG_CODES` within the lockout window,
    `locked_until` locks the number for everyone.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="phone_verifications",
    )
    phone = PhoneNumberField(_("phone number"), db_index=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(_("code (keyed hash)"), max_length=64, blank=True, editable=False)
    code_sent_at = models.DateTimeField(_("code made"), null=True, blank=True)
    wrong_attempts = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    locked_until = models.DateTimeField(_("number locked until"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("closed"), null=True, blank=True, help_text=_("Cancelled, replaced or verified.")
    )
    client_ip_hash = models.CharField(_("client address (keyed hash)"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("phone verification")
        verbose_name_plural = _("phone verifications")
        indexes = [models.Index(fields=["phone", "created_at"], name="sms_verif_phone_created")]

    def __str__(self) -> str:
        return f"{self.phone} ({self.get_purpose_display()})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class OutgoingMessage(Timestampable):
    """One text message: to whom, why, its body without the code, and how delivery went."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sms_messages",
    )
    verification = models.ForeignKey(
        PhoneVerification,
        verbose_name=_("verification"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    to = PhoneNumberField(_("recipient"), db_index=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    body = models.TextField(_("body (code masked)"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    backend = models.CharField(_("backend"), max_length=40, blank=True)
    provider_id = models.CharField(_("provider id"), max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    error_code = models.CharField(_("error code"), max_length=20, blank=True)
    error_message = models.CharField(_("error"), max_length=255, blank=True)
    segments = models.PositiveSmallIntegerField(_("segments"), null=True, blank=True)
    client_ip_hash = models.CharField(
        _("client address (keyed hash)"), max_length=64, blank=True, db_index=True
    )
    sent_at = models.DateTimeField(_("handed to the provider"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "provider_id"],
                condition=~models.Q(provider_id=""),
                name="sms_message_provider_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.to} · {self.get_status_display()}"

    @property
    def is_failed(self) -> bool:
        return self.status in FAILED_STATUSES


class StatusEvent(models.Model):
    """One step of a message's delivery history: what we or the provider said, and when.

    A provider's callback is recorded here before it is applied; `applied` says whether it moved
    the message forward (a late or repeated status is kept, but changes nothing). A callback for
    a message id not stored yet waits without a message and is attached once the id is known.
    """

    class Source(models.TextChoices):
        API = "api", _("Provider's answer")
        CALLBACK = "callback", _("Status callback")
        SITE = "site", _("This site")

    message = models.ForeignKey(
        OutgoingMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    provider_id = models.CharField(_("provider id"), max_length=64, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20)
    error_code = models.CharField(_("error code"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    payload = models.JSONField(_("callback parameters"), default=dict, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    applied = models.BooleanField(_("applied"), default=False)

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            # A status is recorded once per message: a repeated callback is a no-op.
            models.UniqueConstraint(
                fields=["provider_id", "status"],
                condition=~models.Q(provider_id=""),
                name="sms_event_provider_status_unique",
            ),
            models.UniqueConstraint(
                fields=["message", "status"],
                condition=models.Q(provider_id=""),
                name="sms_event_message_status_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id or self.message_id}: {self.status}"
