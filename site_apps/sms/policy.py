"""The rules of phone verification, in one place: which numbers we text, how often, and when a
code may be tried. Pure functions: callers pass what the database says (`SendHistory`), so each
rule reads in one go and is tested without rows.

Every refusal says why and, when waiting helps, when to try again (`Decision.retry_at`).

| rule                               | setting                 | default          |
|------------------------------------|-------------------------|------------------|
| a code expires                     | SMS_CODE_TTL_SECONDS    | 10 minutes       |
| wrong codes before a lock          | SMS_MAX_WRONG_CODES     | 5                |
| the number stays locked            | SMS_LOCKOUT_SECONDS     | 1 hour           |
| a new code waits after the last    | SMS_RESEND_SECONDS      | 60 seconds       |
| codes to one number                | SMS_LIMIT_PER_NUMBER    | 5 an hour        |
| codes asked by one person          | SMS_LIMIT_PER_USER      | 10 a day         |
| codes asked from one address       | SMS_LIMIT_PER_IP        | 10 an hour       |
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _, ngettext
from phonenumber_field.phonenumber import PhoneNumber

from site_apps.common.errors import ApplicationError

# Number types that cost the sender (toll fraud) or cannot take a text.
REFUSED_NUMBER_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.PREMIUM_RATE, phonenumbers.PhoneNumberType.SHARED_COST}
)


class SmsRefused(ApplicationError):
    """A refused SMS action; the message says why and when to try again, fit to show."""

    code = "sms_refused"

    def __init__(self, reason: str, retry_at: datetime.datetime | None = None) -> None:
        super().__init__(reason)
        self.retry_at = retry_at


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    retry_at: datetime.datetime | None = None

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        if not self.allowed:
            raise SmsRefused(self.reason, self.retry_at)


ALLOW = Decision(True)


def wait_text(seconds: float) -> str:
    """'45 seconds', '12 minutes', '1 hour': how long to wait, rounded up."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 90:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def refuse_until(reason: str, retry_at: datetime.datetime, now: datetime.datetime) -> Decision:
    wait = wait_text((retry_at - now).total_seconds())
    return Decision(
        False, _("%(reason)s Try again in %(wait)s.") % {"reason": reason, "wait": wait}, retry_at
    )


# --- Numbers ------------------------------------------------------------------------------------


def number_allowed(number: PhoneNumber) -> Decision:
    """Whether we text this number at all: valid, not premium-rate or shared-cost, not under a
    blocked prefix (`SMS_BLOCKED_PREFIXES`), in an allowed country (`SMS_ALLOWED_COUNTRIES`)."""
    if not number:
        return Decision(False, _("Enter a valid mobile number, with its country code."))
    e164 = number.as_e164
    for prefix in settings.SMS_BLOCKED_PREFIXES:
        if prefix and e164.startswith(prefix.strip().replace(" ", "")):
            return Decision(
                False,
                _("We do not send text messages to numbers starting with %(prefix)s.")
                % {"prefix": prefix.strip()},
            )
    if not number.is_valid():
        return Decision(False, _("Enter a valid mobile number, with its country code."))
    if phonenumbers.number_type(number) in REFUSED_NUMBER_TYPES:
        return Decision(
            False, _("Premium-rate and shared-cost numbers cannot receive our text messages.")
        )
    allowed = settings.SMS_ALLOWED_COUNTRIES
    if allowed and phonenumbers.region_code_for_number(number) not in allowed:
        return Decision(False, _("We do not send text messages to this country."))
    return ALLOW


# --- Sending ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    count: int
    seconds: int

    @classmethod
    def of(cls, setting: tuple[int, int]) -> Window:
        return cls(int(setting[0]), int(setting[1]))


@dataclass(frozen=True)
class SendHistory:
    """What the database says about earlier codes: the newest send times (newest first, at most
    the limit's count) to the number, by the person and from the address, and the lock."""

    to_number: list[datetime.datetime] = field(default_factory=list)
    by_user: list[datetime.datetime] = field(default_factory=list)
    from_ip: list[datetime.datetime] = field(default_factory=list)
    locked_until: datetime.datetime | None = None


def _window_full(
    times: list[datetime.datetime], window: Window, now: datetime.datetime
) -> datetime.datetime | None:
    """When the window has room again, if it is full now."""
    recent = sorted(t for t in times if t > now - datetime.timedelta(seconds=window.seconds))
    if len(recent) < window.count:
        return None
    return recent[-window.count] + datetime.timedelta(seconds=window.seconds)


def can_send_code(history: SendHistory, now: datetime.datetime) -> Decision:
    """Whether a (new) code may be texted now."""
    if history.locked_until and history.locked_until > now:
        return refuse_until(
            _("Too many wrong codes were entered for this number."), history.locked_until, now
        )
    if history.to_number:
        ready = max(history.to_number) + datetime.timedelta(seconds=settings.SMS_RESEND_SECONDS)
        if ready > now:
            return refuse_until(_("A code was sent to this number a moment ago."), ready, now)
    checks = (
        (
            history.to_number,
            settings.SMS_LIMIT_PER_NUMBER,
            _("Too many codes went to this number."),
        ),
        (history.by_user, settings.SMS_LIMIT_PER_USER, _("You asked for too many codes.")),
        (
            history.from_ip,
            settings.SMS_LIMIT_PER_IP,
            _("Too many codes were asked from your network."),
        ),
    )
    for times, limit, reason in checks:
        free_at = _window_full(times, Window.of(limit), now)
        if free_at is not None:
            return refuse_until(reason, free_at, now)
    return ALLOW


# --- Trying a code ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeState:
    """The verification a code is tried against, as the rules need it."""

    open: bool
    has_code: bool
    expires_at: datetime.datetime | None
    locked_until: datetime.datetime | None


def can_try_code(state: CodeState, now: datetime.datetime) -> Decision:
    if not state.open:
        return Decision(False, _("No code is waiting for this number. Ask for a new one."))
    if state.locked_until and state.locked_until > now:
        return refuse_until(
            _("Too many wrong codes were entered for this number."), state.locked_until, now
        )
    if not state.has_code:
        return Decision(False, _("Your code is still on its way. Wait for the text message."))
    if state.expires_at is None or state.expires_at <= now:
        return Decision(False, _("This code has expired. Ask for a new one."))
    return ALLOW


def code_well_formed(code: str) -> Decision:
    """Whether what was typed has the shape of a code we send (`SMS_CODE_LENGTH` digits): a
    typo of another shape cannot be the code, so it is refused with the format and never counts
    towards the number's lock; only a well-formed wrong code does (see `services.confirm_code`)."""
    length = settings.SMS_CODE_LENGTH
    if len(code) == length and code.isascii() and code.isdigit():
        return ALLOW
    return Decision(
        False,
        ngettext(
            "A code is %(count)d digit and nothing else. Check what you typed: this try was "
            "not counted.",
            "A code is %(count)d digits and nothing else. Check what you typed: this try was "
            "not counted.",
            length,
        )
        % {"count": length},
    )


def wrong_code(attempts_left: int) -> str:
    return ngettext(
        "That code is not right. You have %(count)d try left.",
        "That code is not right. You have %(count)d tries left.",
        attempts_left,
    ) % {"count": attempts_left}
