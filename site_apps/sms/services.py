"""Phone verification and message delivery: the use cases that write.

A code is asked for (`request_code`, `resend_code`): the rules are checked against the rows, a
verification and a pending message are written, and once that commits a task (`deliver`) makes
the code, keeps only its keyed hash, and hands the text to the backend outside any transaction.
The person then enters the code (`confirm_code`); wrong codes count towards the number's lock.
The provider's status callbacks are recorded (`record_callback`) and applied by a task
(`apply_event`): only forward, a repeated status once, a late one kept in the history only.
"""

from __future__ import annotations

import datetime
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import structlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber, to_python

from site_apps.sms import policy, selectors
from site_apps.sms.backends import Sms, get_backend
from site_apps.sms.gateway import SendFailure, SentMessage
from site_apps.sms.models import (
    FINAL_STATUSES,
    STATUS_RANK,
    OutgoingMessage,
    PhoneVerification,
    Purpose,
    Status,
    StatusEvent,
)
from site_apps.sms.policy import SmsRefused

if TYPE_CHECKING:
    from site_apps.accounts.models import User

logger = structlog.get_logger(__name__)

# Twilio's message statuses, as ours. Others (receiving, read...) are kept in the history only.
PROVIDER_STATUSES = {
    "accepted": Status.QUEUED,
    "scheduled": Status.QUEUED,
    "queued": Status.QUEUED,
    "sending": Status.SENDING,
    "sent": Status.SENT,
    "delivered": Status.DELIVERED,
    "undelivered": Status.UNDELIVERED,
    "failed": Status.FAILED,
    "canceled": Status.FAILED,
}
# Status callback parameters worth keeping (Twilio sends no message body with them).
CALLBACK_FIELDS = (
    "MessageSid",
    "MessageStatus",
    "ErrorCode",
    "To",
    "From",
    "AccountSid",
    "MessagingServiceSid",
    "ApiVersion",
    "RawDlrDoneDate",
)
MASK = "•"
# Failures on the provider's side (as opposed to the number's): reported as errors.
PROVIDER_FAILURES = frozenset({"timeout", "unreachable", "error", "not-configured"})


class WrongCode(SmsRefused):
    """The code did not match; the message says how many tries are left."""


class MalformedCode(SmsRefused):
    """What was typed is not the shape of a code (a typo): refused, and not counted."""


# --- Codes and addresses ------------------------------------------------------------------------


def generate_code() -> str:
    length = settings.SMS_CODE_LENGTH
    return f"{secrets.randbelow(10**length):0{length}d}"


def hash_code(verification_id: int, code: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY): with a million possible codes, a plain hash
    would be reversed by trying them all; this one cannot be without the key."""
    return salted_hmac(
        "site_apps.sms.code", f"{verification_id}:{code}", algorithm="sha256"
    ).hexdigest()


def client_ip_hash(ip: str) -> str:
    """The client's address as a keyed hash: enough to count requests from it, without keeping
    the address itself."""
    return salted_hmac("site_apps.sms.client-ip", ip, algorithm="sha256").hexdigest() if ip else ""


def normalize_code(code: str) -> str:
    """The code as typed, without spaces (pasted "123 456", a trailing newline) and with any
    script's digits as ASCII ones (an Arabic keyboard types ١٢٣٤٥٦). Anything else is kept, for
    `policy.code_well_formed` to refuse."""
    return "".join(str(unicodedata.decimal(ch, ch)) for ch in str(code) if not ch.isspace())[:64]


def code_text(code: str) -> str:
    """The message: the code, its lifetime, and the line that lets phones offer it on our site
    (WebOTP: `@host #code`)."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    minutes = settings.SMS_CODE_TTL_SECONDS // 60
    text = _(
        "%(code)s is your %(site)s verification code. It expires in %(minutes)d minutes. "
        "Never share it."
    ) % {"code": code, "site": settings.SITE_NAME, "minutes": minutes}
    return f"{text}\n\n@{host} #{code}"


def status_callback_url() -> str:
    """Where Twilio reports delivery: our public address, unless it is one Twilio cannot reach
    (a local development address), where no callback is asked for."""
    parts = urlsplit(settings.SITE_URL)
    if parts.hostname in ("localhost", "127.0.0.1", "::1", None):
        return ""
    return f"{settings.SITE_URL}{reverse('sms_twilio_status')}"


def as_number(phone: PhoneNumber | str) -> PhoneNumber:
    number = phone if isinstance(phone, PhoneNumber) else to_python(phone)
    if not isinstance(number, PhoneNumber):
        raise SmsRefused(_("Enter a valid mobile number, with its country code."))
    return number


# --- Asking for a code --------------------------------------------------------------------------


def _lock_user(user: User) -> None:
    """One phone action at a time per person (a double click waits for the first)."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _queue_code(verification: PhoneVerification, *, language: str, ip_hash: str) -> OutgoingMessage:
    message = OutgoingMessage.objects.create(
        user=verification.user,
        verification=verification,
        to=verification.phone,
        purpose=verification.purpose,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        backend=get_backend().name,
        client_ip_hash=ip_hash,
    )
    # imported here: tasks.py imports this module
    from site_apps.sms import tasks

    transaction.on_commit(lambda: tasks.deliver_message.enqueue(message.pk))
    return message


def _check_offered(user: User, purpose: str) -> None:
    if purpose == Purpose.VERIFY_PHONE:
        selectors.phone_verification_offered(user).require()
    elif not get_backend().enabled:
        raise SmsRefused(_("Text messages are not set up on this site."))


def request_code(
    user: User,
    *,
    phone: PhoneNumber | str,
    purpose: str = Purpose.VERIFY_PHONE,
    client_ip: str = "",
    language: str = "",
) -> PhoneVerification:
    """Start verifying `phone` for the person: refuse with the reason (`SmsRefused`), or write
    the verification and its first message, whose code a task sends once this commits."""
    number = as_number(phone)
    policy.number_allowed(number).require()
    _check_offered(user, purpose)
    if user.has_verified_phone and user.phone == number:
        raise SmsRefused(_("This number is already verified on your account."))
    e164 = number.as_e164
    ip_hash = client_ip_hash(client_ip)
    with transaction.atomic():
        _lock_user(user)
        now = timezone.now()
        history = selectors.send_history(phone=e164, user=user, ip_hash=ip_hash, now=now)
        policy.can_send_code(history, now).require()
        PhoneVerification.objects.filter(user=user, closed_at__isnull=True).update(closed_at=now)
        verification = PhoneVerification.objects.create(
            user=user, phone=e164, purpose=purpose, client_ip_hash=ip_hash
        )
        _queue_code(verification, language=language, ip_hash=ip_hash)
    logger.info("sms_code_requested", user_id=user.pk, verification_id=verification.pk)
    return verification


def resend_code(user: User, *, client_ip: str = "", language: str = "") -> PhoneVerification:
    """A new code for the verification in progress (the earlier code stops working)."""
    ip_hash = client_ip_hash(client_ip)
    with transaction.atomic():
        _lock_user(user)
        verification = selectors.open_verification(user)
        if verification is None:
            raise SmsRefused(_("No code is waiting for this number. Ask for a new one."))
        _check_offered(user, verification.purpose)
        now = timezone.now()
        history = selectors.send_history(
            phone=str(verification.phone), user=user, ip_hash=ip_hash, now=now
        )
        policy.can_send_code(history, now).require()
        _queue_code(verification, language=language, ip_hash=ip_hash)
    logger.info("sms_code_resent", user_id=user.pk, verification_id=verification.pk)
    return verification


def cancel_verification(user: User) -> None:
    PhoneVerification.objects.filter(user=user, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )


def remove_phone(user: User) -> None:
    """Forget the person's number (and any verification in progress)."""
    with transaction.atomic():
        cancel_verification(user)
        user.phone = None
        user.phone_verified_at = None
        user.save(update_fields=["phone", "phone_verified_at"])
    logger.info("phone_removed", user_id=user.pk)


def set_unverified_phone(user: User, *, phone: PhoneNumber | str) -> None:
    """The number given at sign-up, before its code is entered. A verified number is never
    replaced this way."""
    if user.has_verified_phone:
        return
    user.phone = as_number(phone).as_e164
    user.phone_verified_at = None
    if user.pk:
        user.save(update_fields=["phone", "phone_verified_at"])


# --- Entering the code --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    verification: PhoneVerification | None = None
    refusal: SmsRefused | None = None


def confirm_code(
    user: User, *, code: str, phone: PhoneNumber | str | None = None
) -> PhoneVerification:
    """Check the code against the person's verification in progress. Right: the number becomes
    the account's verified number. Wrong: one more wrong try for the number (kept, even though
    this raises), and at `SMS_MAX_WRONG_CODES` within the lockout window the number is locked.
    Not the shape of a code (letters, too short or long): `MalformedCode`, and nothing counted;
    it could never have matched, so it gives a guesser nothing."""
    typed = normalize_code(code)
    shape = policy.code_well_formed(typed)
    if not shape:
        raise MalformedCode(shape.reason)
    outcome = _try_code(user, typed, phone)
    if outcome.refusal is not None:
        raise outcome.refusal
    assert outcome.verification is not None
    return outcome.verification


def _try_code(user: User, code: str, phone: PhoneNumber | str | None) -> _Outcome:
    with transaction.atomic():
        _lock_user(user)
        now = timezone.now()
        rows = PhoneVerification.objects.select_for_update().filter(
            user=user, closed_at__isnull=True
        )
        if phone is not None:
            rows = rows.filter(phone=as_number(phone).as_e164)
        verification = rows.order_by("-created_at").first()
        number = str(verification.phone) if verification else ""
        state = policy.CodeState(
            open=verification is not None,
            has_code=bool(verification and verification.code_hash),
            expires_at=verification.expires_at if verification else None,
            locked_until=selectors.number_locked_until(number, now) if number else None,
        )
        decision = policy.can_try_code(state, now)
        if not decision:
            return _Outcome(refusal=SmsRefused(decision.reason, decision.retry_at))
        assert verification is not None
        if constant_time_compare(hash_code(verification.pk, code), verification.code_hash):
            return _verified(user, verification, now)
        verification.wrong_attempts += 1
        verification.save(update_fields=["wrong_attempts", "updated_at"])
        wrong = selectors.wrong_codes_for(number, now)
        logger.info("sms_code_wrong", user_id=user.pk, verification_id=verification.pk, wrong=wrong)
        if wrong >= settings.SMS_MAX_WRONG_CODES:
            verification.locked_until = now + datetime.timedelta(
                seconds=settings.SMS_LOCKOUT_SECONDS
            )
            verification.save(update_fields=["locked_until", "updated_at"])
            logger.warning("sms_number_locked", verification_id=verification.pk)
            locked = policy.refuse_until(
                _("Too many wrong codes were entered for this number."),
                verification.locked_until,
                now,
            )
            return _Outcome(refusal=SmsRefused(locked.reason, locked.retry_at))
        left = settings.SMS_MAX_WRONG_CODES - wrong
        return _Outcome(refusal=WrongCode(policy.wrong_code(left)))


def _verified(user: User, verification: PhoneVerification, now: datetime.datetime) -> _Outcome:
    holder = selectors.user_with_verified_phone(str(verification.phone))
    if holder is not None and holder.pk != user.pk:
        verification.closed_at = now
        verification.save(update_fields=["closed_at", "updated_at"])
        return _Outcome(
            refusal=SmsRefused(
                _("This number is verified on another account. Remove it there first.")
            )
        )
    verification.verified_at = now
    verification.closed_at = now
    verification.save(update_fields=["verified_at", "closed_at", "updated_at"])
    user.phone = verification.phone
    user.phone_verified_at = now
    user.save(update_fields=["phone", "phone_verified_at"])
    logger.info("phone_verified", user_id=user.pk, verification_id=verification.pk)
    return _Outcome(verification=verification)


# --- Sending (the task) -------------------------------------------------------------------------


def deliver(message_id: int) -> str:
    """Make the code, keep its hash, hand the text to the backend, record the answer.

    The message is claimed by one conditional UPDATE (a task run twice sends once), the hash is
    committed before the provider is called, and the provider is called outside any transaction.
    Returns the message's status, or "skipped"."""
    now = timezone.now()
    with transaction.atomic():
        claimed = OutgoingMessage.objects.filter(
            pk=message_id, status=Status.PENDING, sent_at__isnull=True
        ).update(sent_at=now)
        if not claimed:
            return "skipped"
        message = OutgoingMessage.objects.select_related("verification").get(pk=message_id)
        verification = message.verification
        if verification is None or verification.closed_at is not None:
            _move(message, Status.FAILED, error_code="cancelled", at=now)
            return message.status
        sms = _prepare(message, verification, now)
    result = _hand_over(sms)
    return record_send_result(message.pk, result)


def _prepare(
    message: OutgoingMessage, verification: PhoneVerification, now: datetime.datetime
) -> Sms:
    """The code's hash on the verification, the masked body on the message; the real text only
    in the returned `Sms`."""
    code = generate_code()
    verification.code_hash = hash_code(verification.pk, code)
    verification.code_sent_at = now
    verification.expires_at = now + datetime.timedelta(seconds=settings.SMS_CODE_TTL_SECONDS)
    verification.save(update_fields=["code_hash", "code_sent_at", "expires_at", "updated_at"])
    with translation.override(message.language or settings.LANGUAGE_CODE):
        message.body = code_text(MASK * len(code))
        body = code_text(code)
    message.save(update_fields=["body", "updated_at"])
    backend = get_backend()
    return Sms(
        to=str(message.to),
        body=body,
        status_callback=status_callback_url() if backend.reports_delivery else "",
    )


def _hand_over(sms: Sms) -> SentMessage | SendFailure:
    try:
        return get_backend().send(sms)
    except Exception as error:  # a backend must not take the task down with the code in it
        return SendFailure(error_code="error", error_message=type(error).__name__)


def record_send_result(message_id: int, result: SentMessage | SendFailure) -> str:
    now = timezone.now()
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().get(pk=message_id)
        if isinstance(result, SentMessage):
            message.provider_id = result.provider_id[:64]
            message.segments = result.segments
            message.save(update_fields=["provider_id", "segments", "updated_at"])
            status = PROVIDER_STATUSES.get(result.status, Status.QUEUED)
            _record_event(message, result.status, StatusEvent.Source.API, at=now, status=status)
            _adopt_waiting_events(message)
        else:
            message.error_message = result.error_message[:255]
            message.save(update_fields=["error_message", "updated_at"])
            _record_event(
                message,
                Status.FAILED,
                StatusEvent.Source.SITE,
                at=now,
                status=Status.FAILED,
                error_code=result.error_code,
            )
    if isinstance(result, SendFailure):
        # The provider failing (down, slow, confused) is ours to fix: an error, so Sentry has
        # it. A number the provider refuses is the person's to fix: a warning.
        provider_side = result.error_code in PROVIDER_FAILURES or result.error_code.startswith(
            ("http-5", "20")
        )
        (logger.error if provider_side else logger.warning)(
            "sms_send_failed",
            message_id=message.pk,
            backend=message.backend,
            error_code=result.error_code,
            error=result.error_message[:200],
        )
    else:
        logger.info(
            "sms_sent", message_id=message.pk, backend=message.backend, status=message.status
        )
    return message.status


# --- Status history -----------------------------------------------------------------------------


def _move(
    message: OutgoingMessage, status: str, *, at: datetime.datetime, error_code: str = ""
) -> bool:
    """Apply a status if it moves the message forward; say whether it did."""
    current = Status(message.status)
    new = Status(status)
    if current in FINAL_STATUSES or STATUS_RANK[new] <= STATUS_RANK[current]:
        return False
    message.status = new
    fields = ["status", "updated_at"]
    if new == Status.DELIVERED:
        message.delivered_at = at
        fields.append("delivered_at")
    elif new in (Status.UNDELIVERED, Status.FAILED):
        message.failed_at = at
        message.error_code = error_code[:20]
        fields += ["failed_at", "error_code"]
    message.save(update_fields=fields)
    return True


def _record_event(
    message: OutgoingMessage,
    raw_status: str,
    source: str,
    *,
    at: datetime.datetime,
    status: Status | None,
    error_code: str = "",
) -> None:
    """Our own steps in the history (the provider's first answer, a failure to hand over);
    a step already recorded (say, a callback that came first) is not recorded again."""
    provider_id = message.provider_id if source == StatusEvent.Source.API else ""
    try:
        with transaction.atomic():
            event = StatusEvent.objects.create(
                message=message,
                provider_id=provider_id,
                status=raw_status,
                error_code=error_code[:20],
                source=source,
            )
    except IntegrityError:
        return
    if status and _move(message, status, at=at, error_code=error_code):
        event.applied = True
        event.save(update_fields=["applied"])


def _adopt_waiting_events(message: OutgoingMessage) -> None:
    """Callbacks that arrived before we had stored the provider's id for this message."""
    waiting = StatusEvent.objects.filter(
        message__isnull=True, provider_id=message.provider_id
    ).order_by("received_at", "pk")
    for event in waiting:
        _apply_to(message, event)


def _apply_to(message: OutgoingMessage, event: StatusEvent) -> None:
    status = PROVIDER_STATUSES.get(event.status)
    event.message = message
    event.applied = status is not None and _move(
        message, status, at=event.received_at, error_code=event.error_code
    )
    event.save(update_fields=["message", "applied"])


def record_callback(params: Mapping[str, Any]) -> str:
    """Record one (signature-checked) status callback: "recorded", "duplicate" (this status was
    recorded for the message before) or "incomplete" (no message id or status)."""
    provider_id = str(params.get("MessageSid") or params.get("SmsSid") or "")[:64]
    status = str(params.get("MessageStatus") or params.get("SmsStatus") or "")[:20]
    if not provider_id or not status:
        return "incomplete"
    message = OutgoingMessage.objects.filter(provider_id=provider_id).only("pk").first()
    payload = {key: str(params[key])[:200] for key in CALLBACK_FIELDS if key in params}
    try:
        with transaction.atomic():
            event = StatusEvent.objects.create(
                message=message,
                provider_id=provider_id,
                status=status,
                error_code=str(params.get("ErrorCode") or "")[:20],
                source=StatusEvent.Source.CALLBACK,
                payload=payload,
            )
    except IntegrityError:
        return "duplicate"
    # imported here: tasks.py imports this module
    from site_apps.sms import tasks

    transaction.on_commit(lambda: tasks.apply_status_event.enqueue(event.pk))
    return "recorded"


def apply_event(event_id: int) -> str:
    """Apply a recorded callback to its message: "applied", "ignored" (not forward: late, or
    the message had already ended), "waiting" (message id not stored yet) or "done" before."""
    with transaction.atomic():
        event = StatusEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.applied:
            return "done"
        found = event.message_id or (
            OutgoingMessage.objects.filter(provider_id=event.provider_id)
            .values_list("pk", flat=True)
            .first()
        )
        if not found:
            return "waiting"
        message = OutgoingMessage.objects.select_for_update().get(pk=found)
        _apply_to(message, event)
        return "applied" if event.applied else "ignored"
