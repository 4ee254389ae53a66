"""Reads for phone verification: the limits' history, the account page's phone section, the
plan check and the admin's report. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F, FloatField, Q, QuerySet
from django.db.models.functions import Cast, Round, TruncDate
from django.utils import timezone
from django.utils.translation import gettext, gettext as _

from site_apps.billing import entitlements
from site_apps.common.users import Person
from site_apps.sms import policy
from site_apps.sms.backends import get_backend
from site_apps.sms.models import (
    FAILED_STATUSES,
    OutgoingMessage,
    PhoneVerification,
    Purpose,
    Status,
)
from site_apps.teams import selectors as team_selectors

# The feature a team's plan must include for its members to verify a phone on the account page.
FEATURE = "sms_verification"


def _newest(rows: QuerySet[OutgoingMessage], since: datetime.datetime, count: int) -> list[Any]:
    return list(
        rows.filter(created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:count]
    )


def send_history(
    *, phone: str, user: Person, ip_hash: str, now: datetime.datetime
) -> policy.SendHistory:
    """What the sending limits need, from the message and verification rows: four queries."""
    codes = OutgoingMessage.objects.filter(purpose__in=[Purpose.VERIFY_PHONE, Purpose.SIGNUP])

    def since(limit: tuple[int, int]) -> datetime.datetime:
        return now - datetime.timedelta(seconds=limit[1])

    per_number, per_user, per_ip = (
        settings.SMS_LIMIT_PER_NUMBER,
        settings.SMS_LIMIT_PER_USER,
        settings.SMS_LIMIT_PER_IP,
    )
    # The newest one to the number as well, for the resend wait, even beyond the limit's window.
    to_number = _newest(codes.filter(to=phone), since(per_number), max(1, per_number[0]))
    return policy.SendHistory(
        to_number=to_number,
        by_user=_newest(codes.filter(user=user), since(per_user), per_user[0]) if user else [],
        from_ip=_newest(codes.filter(client_ip_hash=ip_hash), since(per_ip), per_ip[0])
        if ip_hash
        else [],
        locked_until=number_locked_until(phone, now),
    )


def number_locked_until(phone: str, now: datetime.datetime) -> datetime.datetime | None:
    """The end of the number's lock (too many wrong codes), if it is locked now."""
    return (
        PhoneVerification.objects.filter(phone=phone, locked_until__gt=now)
        .order_by("-locked_until")
        .values_list("locked_until", flat=True)
        .first()
    )


def wrong_codes_for(phone: str, now: datetime.datetime) -> int:
    """Wrong codes entered for the number within the lockout window, over all its verifications:
    starting afresh does not reset the count."""
    since = now - datetime.timedelta(seconds=settings.SMS_LOCKOUT_SECONDS)
    rows = PhoneVerification.objects.filter(
        phone=phone, updated_at__gt=since, verified_at__isnull=True
    )
    return sum(rows.values_list("wrong_attempts", flat=True))


def open_verification(user: Person) -> PhoneVerification | None:
    """The person's verification in progress on the account page, if any."""
    return (
        PhoneVerification.objects.filter(user=user, closed_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def latest_message(verification: PhoneVerification) -> OutgoingMessage | None:
    return verification.messages.order_by("-created_at", "-pk").first()


def user_with_verified_phone(phone: str) -> Any:
    return get_user_model().objects.filter(phone=phone, phone_verified_at__isnull=False).first()


# --- Plans --------------------------------------------------------------------------------------


def phone_verification_offered(user: Person) -> policy.Decision:
    """Whether the account page offers phone verification to this person: the site sends SMS,
    and one of their teams' plans includes `sms_verification` (entitlements decide)."""
    if not get_backend().enabled:
        return policy.Decision(False, _("Text messages are not set up on this site."))
    teams = [m.team for m in team_selectors.memberships_of(user)]
    if entitlements.any_team_can(teams, FEATURE):
        return policy.ALLOW
    return policy.Decision(
        False,
        _(
            "Phone verification comes with a paid plan. Ask a team owner to upgrade, or pick a "
            "plan for your team."
        ),
    )


# --- The account page ---------------------------------------------------------------------------


def explain_failure(error_code: str) -> str:
    """Why a code did not reach the phone, in words a person can act on (Twilio's numbered
    errors: https://www.twilio.com/docs/api/errors)."""
    landline = _("this number cannot receive text messages (is it a landline?)")
    reasons = {
        "21211": _("this is not a valid phone number"),
        "21408": _("we cannot send text messages to this country"),
        "21612": _("we cannot send text messages to this number's network"),
        "21610": _("this number has asked not to receive our messages (it replied STOP)"),
        "21614": landline,
        "30006": landline,
        "30003": _("the phone is switched off or out of reach"),
        "30005": _("the number is unknown to its network"),
        "30007": _("the network filtered the message"),
    }
    if error_code in reasons:
        return reasons[error_code]
    if error_code in ("timeout", "unreachable", "error", "not-configured") or error_code.startswith(
        "http-5"
    ):
        return _("our text message service did not answer")
    return _("our text message service refused it (error %(code)s)") % {"code": error_code}


@dataclass(frozen=True)
class PhoneSection:
    """What the account page's phone section shows."""

    offered: policy.Decision
    verified_phone: Any
    verified_at: datetime.datetime | None
    verification: PhoneVerification | None
    message: OutgoingMessage | None
    locked_until: datetime.datetime | None

    @property
    def waiting_for_code(self) -> bool:
        return self.verification is not None

    @property
    def sending(self) -> bool:
        """The code has not been handed to the provider yet (a task queue is behind)."""
        return self.message is not None and self.message.status == Status.PENDING

    @property
    def send_failed(self) -> bool:
        return self.message is not None and self.message.status in FAILED_STATUSES

    @property
    def locked_message(self) -> str:
        """Why no code is taken for the number, and when it will be (the refusal's words)."""
        if self.locked_until is None:
            return ""
        return policy.refuse_until(
            gettext("Too many wrong codes were entered for this number."),
            self.locked_until,
            timezone.now(),
        ).reason

    @property
    def failure_reason(self) -> str:
        return explain_failure(self.message.error_code) if self.message else ""


def phone_section(user: Person) -> PhoneSection:
    verification = open_verification(user)
    message = latest_message(verification) if verification else None
    locked = number_locked_until(str(verification.phone), timezone.now()) if verification else None
    return PhoneSection(
        offered=phone_verification_offered(user),
        verified_phone=user.phone if user.has_verified_phone else None,
        verified_at=user.phone_verified_at,
        verification=verification,
        message=message,
        locked_until=locked,
    )


# --- The admin's report -------------------------------------------------------------------------


def daily_report(messages: QuerySet[OutgoingMessage]) -> QuerySet[Any]:
    """Messages per day with how many were delivered and failed, and those as percentages."""
    failed = Q(status__in=list(FAILED_STATUSES))
    rows = (
        messages.order_by()
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(
            total=Count("pk"),
            delivered=Count("pk", filter=Q(status=Status.DELIVERED)),
            failed=Count("pk", filter=failed),
        )
        .annotate(
            delivery_rate=Round(100 * Cast(F("delivered"), FloatField()) / F("total"), 1),
            failure_rate=Round(100 * Cast(F("failed"), FloatField()) / F("total"), 1),
        )
        .order_by("-day")
    )
    return rows
