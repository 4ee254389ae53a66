"""The phone section as a person uses it (with htmx and without JavaScript, in English and
Arabic), allauth's phone sign-up, the staff report, and production's start-up check."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from site_apps.sms.models import OutgoingMessage, Status
from tests.cms.settings.test_settings import PRODUCTION_ENV, run_manage
from tests.site_apps.accounts.factories import UserFactory, verified
from tests.site_apps.sms.conftest import PHONE, code_in, member_of_paid_team

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def post(signed_in, django_capture_on_commit_callbacks):
    def post(url, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return signed_in.post(url, data or {}, **kwargs)

    return post


def test_the_profile_page_has_the_phone_section(signed_in):
    page = signed_in.get("/accounts/profile/").content.decode()
    assert 'id="phone-section"' in page
    assert 'name="phone"' in page
    assert 'type="tel"' in page
    assert 'value="/accounts/profile/"' in page  # forms lead back here


def test_verify_without_javascript(post, signed_in, outbox, person):
    response = post("/accounts/phone/code/", {"phone": PHONE, "next": "/accounts/profile/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    page = signed_in.get("/accounts/profile/").content.decode()
    assert "We are sending you a code by text message." in page
    assert "We sent a code to" in page
    response = post(
        "/accounts/phone/confirm/", {"code": code_in(outbox[0].body), "next": "/accounts/profile/"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.has_verified_phone
    page = signed_in.get("/accounts/profile/").content.decode()
    assert "+44 7400 123456" in page
    assert "Verified" in page


def test_verify_with_htmx_swaps_the_section(post, outbox, person):
    response = post("/accounts/phone/code/", {"phone": "+44 7400 123456"}, headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="phone-section"')
    assert "<html" not in body
    wrong = "000000" if code_in(outbox[0].body) != "000000" else "111111"
    response = post("/accounts/phone/confirm/", {"code": wrong}, headers=HTMX)
    assert "That code is not right. You have 4 tries left." in response.content.decode()
    response = post("/accounts/phone/confirm/", {"code": code_in(outbox[0].body)}, headers=HTMX)
    assert "Your phone number is verified." in response.content.decode()
    person.refresh_from_db()
    assert str(person.phone) == PHONE


def test_a_typo_in_the_code_is_a_format_error_that_costs_nothing(post, outbox):
    """ "abc" is a typo, not a guess: the field says what a code looks like, keeps what was
    typed, and the tries left are the same as before it."""
    post("/accounts/phone/code/", {"phone": PHONE})
    response = post("/accounts/phone/confirm/", {"code": "abc"})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "A code is 6 digits and nothing else. Check what you typed: this try was not counted."
        in page
    )
    assert "not right" not in page
    assert 'aria-invalid="true"' in page
    assert 'value="abc"' in page
    response = post("/accounts/phone/confirm/", {"code": "abc"}, headers=HTMX)
    assert "this try was not counted" in response.content.decode()
    wrong = "000000" if code_in(outbox[0].body) != "000000" else "111111"
    response = post("/accounts/phone/confirm/", {"code": wrong}, headers=HTMX)
    assert "That code is not right. You have 4 tries left." in response.content.decode()


def code_input(page: str) -> str:
    return re.search(r"<input[^>]*name=\"code\"[^>]*>", page).group(0)


def test_the_code_field_takes_the_focus_once_a_code_is_asked_for_with_htmx(post, signed_in):
    """The button that asked is gone with the old section: the keyboard goes to the code
    field (htmx focuses [autofocus] in what it swaps in), but not on the section's polls."""
    response = post("/accounts/phone/code/", {"phone": PHONE}, headers=HTMX)
    assert "autofocus" in code_input(response.content.decode())
    polled = signed_in.get("/accounts/phone/", headers=HTMX).content.decode()
    assert "autofocus" not in code_input(polled)
    OutgoingMessage.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    response = post("/accounts/phone/resend/", headers=HTMX)  # a new code: the same
    assert "autofocus" in code_input(response.content.decode())


def test_the_code_field_takes_the_focus_once_after_a_plain_post(post, signed_in):
    post("/accounts/phone/code/", {"phone": PHONE, "next": "/accounts/profile/"})
    page = signed_in.get("/accounts/profile/").content.decode()
    assert "autofocus" in code_input(page)
    again = signed_in.get("/accounts/profile/").content.decode()  # a later visit: left alone
    assert "autofocus" not in code_input(again)


def test_a_locked_number_shows_one_message_and_no_code_form(post, signed_in, outbox):
    """Once locked, neither a code nor a new one is taken: the section says so once, with
    when, and offers only another number (not a code field that cannot work)."""
    post("/accounts/phone/code/", {"phone": PHONE}, headers=HTMX)
    wrong = "000000" if code_in(outbox[0].body) != "000000" else "111111"
    for _ in range(5):
        response = post("/accounts/phone/confirm/", {"code": wrong}, headers=HTMX)
    for page in (response, signed_in.get("/accounts/phone/", headers=HTMX)):
        body = page.content.decode()
        locked = "Too many wrong codes were entered for this number. Try again in 60 minutes."
        assert body.count(locked) == 1, body
        assert 'name="code"' not in body
        assert "Enter it here" not in body
        assert reverse("sms:resend") not in body
        assert reverse("sms:cancel") in body


def test_bad_input_is_a_form_error_and_keeps_what_was_typed(post):
    response = post("/accounts/phone/code/", {"phone": "not a number"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid mobile number, with its country code." in page
    assert 'value="not a number"' in page
    response = post("/accounts/phone/code/", {"phone": "+19005551234"})
    assert response.status_code == 400
    assert "Premium-rate and shared-cost numbers" in response.content.decode()


def test_a_refusal_says_when_to_try_again(post):
    post("/accounts/phone/code/", {"phone": PHONE})
    response = post("/accounts/phone/resend/")
    assert response.status_code == 429
    assert (
        "A code was sent to this number a moment ago. Try again in 60 seconds."
        in response.content.decode()
    )


def test_without_a_paid_plan_the_section_points_to_the_plans(client):
    free = verified(UserFactory())
    client.force_login(free)
    page = client.get("/accounts/profile/").content.decode()
    assert "Phone verification comes with a paid plan." in page
    assert 'name="phone"' not in page
    response = client.post("/accounts/phone/code/", {"phone": PHONE})
    assert response.status_code == 400
    assert not OutgoingMessage.objects.exists()


@override_settings(SMS_BACKEND="site_apps.sms.backends.DisabledBackend")
def test_with_sms_disabled_the_section_says_so(signed_in):
    page = signed_in.get("/accounts/profile/").content.decode()
    assert "Text messages are not set up on this site." in page


def test_the_section_in_arabic_reads_right_to_left(post, signed_in, outbox):
    post("/ar/accounts/phone/code/", {"phone": "0501234567"})  # a Saudi number, typed locally
    assert outbox[0].to == "+966501234567"
    page = signed_in.get("/ar/accounts/profile/").content.decode()
    assert 'dir="rtl"' in page
    assert '<bdi dir="ltr">+966 50 123 4567</bdi>' in page
    assert "رمز" in outbox[0].body  # the text message is in Arabic too


def test_in_arabic_numbers_in_the_text_read_left_to_right(post):
    """A phone number inside Arabic text is isolated (U+2066...U+2069), or its groups come out
    in reverse order; the invalid-number error is ours, without the library's example number."""
    page = post("/ar/accounts/phone/code/", {"phone": "12"}).content.decode()
    assert "\u2066+44 7400 123456\u2069" in page
    assert "أدخل رقم جوال صحيحًا مع رمز الدولة." in page


def test_removing_and_cancelling(post, person, outbox):
    post("/accounts/phone/code/", {"phone": PHONE})
    post("/accounts/phone/cancel/")
    assert person.phone_verifications.get().closed_at is not None
    response = post("/accounts/phone/confirm/", {"code": code_in(outbox[0].body)})
    assert "No code is waiting" in response.content.decode()
    person.phone, person.phone_verified_at = PHONE, person.date_joined
    person.save()
    post("/accounts/phone/remove/")
    person.refresh_from_db()
    assert person.phone is None


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.post("/accounts/phone/code/", {"phone": PHONE})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_allauths_own_phone_pages_lead_to_ours(signed_in):
    assert signed_in.get("/accounts/phone/change/")["Location"] == reverse("sms:phone")
    assert signed_in.get("/accounts/phone/verify/")["Location"] == reverse("sms:phone")


@override_settings(ACCOUNT_SIGNUP_FIELDS=["email*", "phone*", "password1*", "password2*"])
def test_sign_up_with_a_phone_verifies_it_by_sms(
    client, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "newcomer@example.com",
                "phone": PHONE,
                "password1": "correct horse battery staple",
                "password2": "correct horse battery staple",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/phone/verify/"
    (sms,) = outbox
    message = OutgoingMessage.objects.get()
    assert message.purpose == "signup"
    page = client.get("/accounts/phone/verify/").content.decode()
    assert f'<bdi dir="ltr"><a href="tel:{PHONE}">{PHONE}</a></bdi>' in page  # Arabic too
    wrong = client.post(
        "/accounts/phone/verify/",
        {"action": "verify", "code": "000000" if code_in(sms.body) != "000000" else "1"},
    )
    assert "That code is not right" in wrong.content.decode()
    response = client.post(
        "/accounts/phone/verify/", {"action": "verify", "code": code_in(sms.body)}
    )
    assert response.status_code == 302
    from site_apps.accounts.models import User

    user = User.objects.get(email="newcomer@example.com")
    assert str(user.phone) == PHONE
    assert user.has_verified_phone
    assert "code" not in str(dict(client.session)) or code_in(sms.body) not in str(
        dict(client.session)
    )


SIGNUP_WITH_PHONE = ["email*", "phone*", "password1*", "password2*"]


SIGN_IN_PASSWORD = "pw-sign-in-12345"


def sign_in(client, user):
    user.set_password(SIGN_IN_PASSWORD)
    user.save()
    return client.post("/accounts/login/", {"login": user.email, "password": SIGN_IN_PASSWORD})


@override_settings(ACCOUNT_SIGNUP_FIELDS=SIGNUP_WITH_PHONE)
def test_with_sign_up_phones_on_people_without_a_number_still_sign_in(client, outbox):
    """Accounts from before the setting was turned on (or whose number was removed) have no
    phone: allauth's required phone field would send them back to the sign-in form."""
    person = verified(UserFactory())
    response = sign_in(client, person)
    assert response.status_code == 302
    assert response["Location"] != "/accounts/login/"
    assert client.get("/accounts/profile/").status_code == 200
    assert outbox == []


@override_settings(ACCOUNT_SIGNUP_FIELDS=SIGNUP_WITH_PHONE)
def test_with_sign_up_phones_on_an_unverified_number_is_verified_at_sign_in(
    client, outbox, django_capture_on_commit_callbacks
):
    person = verified(UserFactory(phone=PHONE))
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(client, person)
    assert response["Location"] == "/accounts/phone/verify/"
    (sms,) = outbox
    assert sms.to == PHONE


# --- Staff --------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin@example.com", "pw-admin-12345")
    client.force_login(admin)
    return client


def test_staff_see_messages_and_daily_rates_and_export_them(
    staff_client, outbox, django_capture_on_commit_callbacks
):
    from site_apps.sms import services
    from site_apps.sms.backends import LocmemBackend

    people = [member_of_paid_team(f"r{i}@example.com") for i in range(4)]
    for i, user in enumerate(people):
        LocmemBackend.fail_with = "30003" if i == 3 else ""
        with django_capture_on_commit_callbacks(execute=True):
            services.request_code(user, phone=f"+4474001234{i:02d}")
    assert OutgoingMessage.objects.filter(status=Status.FAILED).count() == 1

    listing = staff_client.get("/admin/sms_message/")
    assert listing.status_code == 200
    message = OutgoingMessage.objects.first()
    inspect = staff_client.get(f"/admin/sms_message/inspect/{message.pk}/").content.decode()
    assert "Delivery history" in inspect
    assert "••••••" in inspect

    report = staff_client.get("/admin/reports/text-messages/").content.decode()
    assert re.search(r">\s*75\.0\s*<", report)
    assert re.search(r">\s*25\.0\s*<", report)
    export = staff_client.get("/admin/reports/text-messages/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0] == [
        "Day",
        "Messages",
        "Delivered",
        "Failed or undelivered",
        "Delivery rate (%)",
        "Failure rate (%)",
    ]
    assert rows[1][1:] == ["4", "3", "1", "75.0", "25.0"]
    filtered = staff_client.get("/admin/reports/text-messages/?purpose=signup").content.decode()
    assert not re.search(r">\s*75\.0\s*<", filtered)


def test_people_without_staff_rights_do_not_see_the_report(client, person):
    client.force_login(person)
    assert client.get("/admin/reports/text-messages/").status_code in (302, 403)


# --- Production start-up ------------------------------------------------------------------------


def test_production_names_the_twilio_variables_when_twilio_is_chosen():
    result = run_manage("check", env_vars=PRODUCTION_ENV | {"SMS_BACKEND": "twilio"})
    assert result.returncode != 0
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"):
        assert f"{name} is missing" in result.stderr, result.stderr
    result = run_manage("check", env_vars=PRODUCTION_ENV | {"SMS_BACKEND": "console"})
    assert "SMS_BACKEND is malformed" in result.stderr
