"""Phone verification through the services, with the locmem backend: the code's life (sent,
entered, expired, locked), the waits and limits (counted from rows, so no cache is involved),
plan gating, and the code never stored, logged or reported in clear."""

from __future__ import annotations

import datetime
import json
import logging

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from site_apps.sms import services
from site_apps.sms.models import OutgoingMessage, PhoneVerification, Purpose, Status
from site_apps.sms.policy import SmsRefused
from site_apps.sms.services import MalformedCode, WrongCode
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.sms.conftest import OTHER_PHONE, PHONE, code_in, member_of_paid_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Ask for a code as the view does, running the send task once the request commits."""

    def ask(user, phone=PHONE, ip="203.0.113.7", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.request_code(user, phone=phone, client_ip=ip, **kwargs)

    return ask


def age(rows, seconds: int) -> None:
    """Move rows' times back, as if they had been written `seconds` ago."""
    delta = datetime.timedelta(seconds=seconds)
    for row in rows:
        row.refresh_from_db()
        fields = {
            name: getattr(row, name) - delta
            for name in ("created_at", "updated_at", "expires_at", "sent_at", "code_sent_at")
            if getattr(row, name, None)
        }
        type(row).objects.filter(pk=row.pk).update(**fields)


def test_a_code_by_sms_verifies_the_number(person, ask, outbox):
    verification = ask(person)
    (sms,) = outbox
    assert sms.to == PHONE
    assert "is your Lumen verification code" in sms.body
    services.confirm_code(person, code=code_in(sms.body))

    person.refresh_from_db()
    assert str(person.phone) == PHONE
    assert person.has_verified_phone
    verification.refresh_from_db()
    assert verification.verified_at
    assert verification.closed_at
    message = OutgoingMessage.objects.get()
    assert (message.status, message.purpose, message.backend) == (
        "delivered",
        "verify_phone",
        "locmem",
    )
    assert [e.status for e in message.events.all()] == ["delivered"]


def test_the_code_is_kept_only_as_a_keyed_hash(person, ask, outbox, caplog):
    caplog.set_level(logging.DEBUG)
    ask(person)
    code = code_in(outbox[0].body)
    with pytest.raises(WrongCode):
        services.confirm_code(person, code="000000" if code != "000000" else "111111")
    services.confirm_code(person, code=code)

    assert code not in caplog.text
    assert code not in text_in_the_database()
    assert "••••••" in OutgoingMessage.objects.get().body
    verification = PhoneVerification.objects.get()
    assert verification.code_hash == services.hash_code(verification.pk, code)


def text_in_the_database() -> str:
    """Every text, character and JSON value of every row of every table (dates aside, whose
    digits are not a code's)."""
    textual = (models.CharField, models.TextField, models.JSONField)
    parts: list[str] = []
    for model in apps.get_models():
        if model._meta.db_table not in connection.introspection.table_names():
            continue
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, textual)]
        for row in model._default_manager.values_list(*names) if names else []:
            parts.append(json.dumps(row, default=str))
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session")
        parts += [r[0] for r in cursor.fetchall()]
    return "\n".join(parts)


def test_a_code_expires_after_ten_minutes(person, ask, outbox):
    verification = ask(person)
    age([verification], 10 * 60 + 1)
    with pytest.raises(SmsRefused, match=r"This code has expired\. Ask for a new one\."):
        services.confirm_code(person, code=code_in(outbox[0].body))
    person.refresh_from_db()
    assert not person.has_verified_phone


def test_five_wrong_codes_lock_the_number_for_an_hour(person, ask, outbox):
    ask(person)
    code = code_in(outbox[0].body)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongCode, match=f"You have {left} tr"):
            services.confirm_code(person, code=wrong)
    with pytest.raises(SmsRefused, match=r"Too many wrong codes .* Try again in 60 minutes\."):
        services.confirm_code(person, code=wrong)
    # Locked: even the right code, and a new code, wait for the hour to pass.
    with pytest.raises(SmsRefused, match="Too many wrong codes"):
        services.confirm_code(person, code=code)
    with pytest.raises(SmsRefused, match="Too many wrong codes"):
        ask(person)
    # For everyone: the lock is the number's.
    with pytest.raises(SmsRefused, match="Too many wrong codes"):
        ask(member_of_paid_team("other@example.com"), ip="198.51.100.1")
    verification = PhoneVerification.objects.get(user=person)
    assert verification.wrong_attempts == 5
    assert verification.locked_until is not None
    assert verification.locked_until - timezone.now() > datetime.timedelta(minutes=59)


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# The last: "123" in fullwidth digits.
TYPOS = ["abc", "12", "1234567", "12a456", "12-456", " ", "\uff11\uff12\uff13"]


@pytest.mark.parametrize("typo", TYPOS)
def test_a_typo_says_what_a_code_looks_like_and_costs_no_try(person, ask, outbox, typo):
    ask(person)
    code = code_in(outbox[0].body)
    for _ in range(10):  # more than the lock allows: none of them counts
        with pytest.raises(MalformedCode, match=r"A code is 6 digits and nothing else\."):
            services.confirm_code(person, code=typo)
    verification = PhoneVerification.objects.get(user=person)
    assert verification.wrong_attempts == 0
    assert verification.locked_until is None
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(WrongCode, match="You have 4 tries left"):
        services.confirm_code(person, code=wrong)
    services.confirm_code(person, code=f" {code[:3]} {code[3:]}\n")  # pasted with spaces
    person.refresh_from_db()
    assert person.has_verified_phone


def test_a_well_formed_wrong_code_counts_in_any_script(person, ask, outbox):
    """Only a typo is free; a guess of the right shape counts, typed in Arabic-Indic digits
    too, so there is no way round the lock. The right code in those digits works."""
    ask(person)
    code = code_in(outbox[0].body)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongCode, match=f"You have {left} tr"):
            services.confirm_code(person, code=wrong.translate(ARABIC_INDIC))
    with pytest.raises(SmsRefused, match="Too many wrong codes"):
        services.confirm_code(person, code=f"{wrong[:3]} {wrong[3:]}")
    with pytest.raises(SmsRefused, match="Too many wrong codes"):
        services.confirm_code(person, code=code.translate(ARABIC_INDIC))


def test_the_right_code_in_arabic_indic_digits_verifies(person, ask, outbox):
    ask(person)
    services.confirm_code(person, code=code_in(outbox[0].body).translate(ARABIC_INDIC))
    person.refresh_from_db()
    assert person.has_verified_phone


def test_starting_again_does_not_reset_the_wrong_codes(person, ask, outbox):
    ask(person)
    for _ in range(4):
        with pytest.raises(WrongCode):
            services.confirm_code(
                person, code="999999" if code_in(outbox[-1].body) != "999999" else "000000"
            )
    age(OutgoingMessage.objects.all(), 61)
    ask(person)  # a new verification of the same number
    with pytest.raises(SmsRefused, match="Too many wrong codes"):
        services.confirm_code(
            person, code="999999" if code_in(outbox[-1].body) != "999999" else "000000"
        )


def test_a_new_code_waits_a_minute_and_replaces_the_first(
    person, ask, outbox, django_capture_on_commit_callbacks
):
    ask(person)
    with (
        pytest.raises(
            SmsRefused,
            match=r"A code was sent to this number a moment ago\. Try again in 60 seconds\.",
        ) as refused,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.resend_code(person)
    assert refused.value.retry_at is not None
    assert refused.value.retry_at > timezone.now()
    age(OutgoingMessage.objects.all(), 61)
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_code(person)
    first, second = code_in(outbox[0].body), code_in(outbox[1].body)
    if first != second:
        with pytest.raises(WrongCode):
            services.confirm_code(person, code=first)
    services.confirm_code(person, code=second)
    assert OutgoingMessage.objects.count() == 2


def test_codes_from_one_address_are_limited_whoever_asks(ask):
    people = [member_of_paid_team(f"p{i}@example.com") for i in range(11)]
    for i, user in enumerate(people[:10]):
        ask(user, phone=f"+4474001231{i:02d}", ip="203.0.113.9")
    with pytest.raises(
        SmsRefused, match=r"Too many codes were asked from your network\. Try again in 60 minutes\."
    ):
        ask(people[10], phone="+447400123150", ip="203.0.113.9")
    ask(people[10], phone="+447400123150", ip="203.0.113.10")  # another address is fine
    assert (
        OutgoingMessage.objects.filter(
            client_ip_hash=services.client_ip_hash("203.0.113.9")
        ).count()
        == 10
    )


def test_codes_to_one_number_and_by_one_person_are_limited(person, ask):
    for _ in range(5):
        ask(person, ip="")
        age(OutgoingMessage.objects.all(), 61)
    with pytest.raises(SmsRefused, match=r"Too many codes went to this number\. Try again in"):
        ask(person, ip="")
    for i in range(5):
        ask(person, phone=f"+4474001232{i:02d}", ip="")
        age(OutgoingMessage.objects.all(), 61)
    with pytest.raises(
        SmsRefused, match=r"You asked for too many codes\. Try again in (23|24) hours\."
    ):
        ask(person, phone="+447400123299", ip="")


def test_the_limits_hold_without_any_cache(person, ask, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ask(person)
    with pytest.raises(SmsRefused, match="a moment ago"):
        ask(person)


def test_premium_rate_and_blocked_prefixes_are_refused(person, ask, settings):
    with pytest.raises(SmsRefused, match="Premium-rate"):
        ask(person, phone="+19005551234")
    with pytest.raises(SmsRefused, match=r"numbers starting with \+882"):
        ask(person, phone="+882123456789")
    settings.SMS_ALLOWED_COUNTRIES = ["FR"]
    with pytest.raises(SmsRefused, match="this country"):
        ask(person, phone=PHONE)
    ask(person, phone=OTHER_PHONE)
    assert OutgoingMessage.objects.count() == 1


def test_without_a_paid_plan_the_account_page_offers_no_verification(ask):
    free = UserFactory()
    with pytest.raises(SmsRefused, match="comes with a paid plan"):
        ask(free)
    assert not OutgoingMessage.objects.exists()


def test_a_verified_number_changes_only_once_the_new_one_is_verified(person, ask, outbox):
    ask(person)
    services.confirm_code(person, code=code_in(outbox[-1].body))
    ask(person, phone=OTHER_PHONE)
    person.refresh_from_db()
    assert str(person.phone) == PHONE  # still the old one
    services.confirm_code(person, code=code_in(outbox[-1].body))
    person.refresh_from_db()
    assert str(person.phone) == OTHER_PHONE
    with pytest.raises(SmsRefused, match="already verified on your account"):
        ask(person, phone=OTHER_PHONE)


def test_a_number_verified_on_another_account_stays_there(person, ask, outbox):
    ask(person)
    services.confirm_code(person, code=code_in(outbox[-1].body))
    age(OutgoingMessage.objects.all(), 61)
    other = member_of_paid_team("second@example.com")
    ask(other, ip="198.51.100.2")
    with pytest.raises(SmsRefused, match="verified on another account"):
        services.confirm_code(other, code=code_in(outbox[-1].body))
    other.refresh_from_db()
    assert not other.has_verified_phone


def test_a_failed_send_is_recorded_with_its_code_and_may_be_retried(person, ask, outbox):
    from site_apps.sms.backends import LocmemBackend

    LocmemBackend.fail_with = "30003"
    ask(person)
    message = OutgoingMessage.objects.get()
    assert (message.status, message.error_code) == (Status.FAILED, "30003")
    assert message.failed_at is not None
    LocmemBackend.fail_with = ""
    age([message], 61)
    ask(person)
    assert OutgoingMessage.objects.filter(status=Status.DELIVERED).count() == 1


def test_a_message_is_sent_once_even_if_its_task_runs_twice(person, ask, outbox):
    ask(person)
    message = OutgoingMessage.objects.get()
    assert services.deliver(message.pk) == "skipped"
    assert len(outbox) == 1


def test_purpose_and_body_are_kept_without_the_code(person, ask):
    ask(person, purpose=Purpose.VERIFY_PHONE, language="fr")
    message = OutgoingMessage.objects.get()
    assert message.language == "fr"
    assert message.body.startswith("•••••• est ton code") or "••••••" in message.body
