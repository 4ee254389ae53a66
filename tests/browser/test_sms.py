"""Phone verification in a real Chromium, in English and in Arabic (right to left): a customer
on a paid plan verifies a number from the account page with the code from the locmem outbox,
then five wrong codes for another number lock it, with the message shown. Each time a code
is asked for, the keyboard lands on the code field. Screenshots
(var/screenshots/sms-*.png) at 390 and 1280 px, light and dark, each checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from site_apps.sms import backends
from site_apps.sms.models import PhoneVerification
from tests.browser.axe import serious_violations
from tests.browser.conftest import screenshot, shown_theme
from tests.browser.test_accounts_and_teams import PASSWORD, log_in
from tests.site_apps.sms.conftest import member_of_paid_team

PHONES = {"en": ("+447400123456", "+447400123457"), "ar": ("+966501234567", "+966501234568")}
WORDS = {
    "en": {
        "send": "Send me a code",
        "change": "Change to this number",
        "verify": "Verify",
        "verified": "Your phone number is verified.",
        "wrong": [f"That code is not right. You have {n} tr" for n in (4, 3, 2)]
        + ["That code is not right. You have 1 try left."],
        "locked": "Too many wrong codes were entered for this number. Try again in 60 minutes.",
    },
    "ar": {
        "send": "أرسل لي رمزًا",
        "change": "غيّر إلى هذا الرقم",
        "verify": "تحقق",
        "verified": "تم التحقق من رقم هاتفك.",
        "wrong": [
            "هذا الرمز غير صحيح. بقيت لديك 4 محاولات.",
            "هذا الرمز غير صحيح. بقيت لديك 3 محاولات.",
            "هذا الرمز غير صحيح. بقيت لديك محاولتان.",
            "هذا الرمز غير صحيح. بقيت لديك محاولة واحدة.",
        ],
        "locked": "أُدخلت رموز خاطئة كثيرة لهذا الرقم. حاول مجددًا بعد 60 دقيقة.",
    },
}


@pytest.fixture
def customer(site):
    user = member_of_paid_team("customer@example.com")
    user.set_password(PASSWORD)
    user.save()
    backends.outbox.clear()
    yield user
    backends.outbox.clear()


def last_code() -> str:
    return re.search(r"\b(\d{6})\b", backends.outbox[-1].body).group(1)


def look(page, name: str, problems: list[str], scheme: str = "") -> None:
    """Screenshots at both widths, and axe at each; `scheme` switches light or dark first (the
    theme is applied as the page loads, so the page is loaded again: the state is the server's)."""
    if scheme:
        page.emulate_media(color_scheme=scheme)
        page.reload()
        assert shown_theme(page) == scheme
        name = f"{name}-{scheme}"
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"sms-{name}-{width}")
        problems += [f"{name}-{width}: {v}" for v in serious_violations(page)]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_customer_verifies_a_phone_and_wrong_codes_lock_another(page, customer, language):
    words, (first, second) = WORDS[language], PHONES[language]
    prefix = "" if language == "en" else f"/{language}"
    log_in(page, customer.email)
    page.goto(f"{prefix}/accounts/profile/")
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    section = page.locator("#phone-section")
    problems: list[str] = []
    look(page, f"{language}-start", problems, "light")

    # Ask for a code (htmx swaps the section in place) and enter it from the outbox.
    page.set_viewport_size({"width": 390, "height": 844})
    section.locator("input[name=phone]").fill(first)
    section.get_by_role("button", name=words["send"]).click()
    code_field = section.locator("input[name=code]")
    code_field.wait_for()
    # The button that asked went with the old section: the keyboard goes on to the code.
    expect(code_field).to_be_focused()
    assert backends.outbox[-1].to == first
    look(page, f"{language}-code-light", problems)
    code_field.fill(last_code())
    section.get_by_role("button", name=words["verify"], exact=True).click()
    section.get_by_text(words["verified"]).wait_for()
    customer.refresh_from_db()
    assert str(customer.phone) == first
    look(page, f"{language}-verified", problems, "dark")

    # Another number, and five wrong codes: the number locks, and the page says until when.
    section.locator("input[name=phone]").fill(second)
    section.get_by_role("button", name=words["change"]).click()
    code_field.wait_for()
    expect(code_field).to_be_focused()
    wrong = "000000" if last_code() != "000000" else "111111"
    for message in words["wrong"]:  # each answer awaited before the next try
        code_field.fill(wrong)
        section.get_by_role("button", name=words["verify"], exact=True).click()
        section.get_by_text(message).wait_for()
    code_field.fill(wrong)
    section.get_by_role("button", name=words["verify"], exact=True).click()
    section.get_by_text(words["locked"]).wait_for()
    look(page, f"{language}-locked-dark", problems)
    look(page, f"{language}-locked", problems, "light")

    assert PhoneVerification.objects.get(phone=second).locked_until is not None
    customer.refresh_from_db()
    assert str(customer.phone) == first  # the verified number stays
    assert page.console_errors == [], page.console_errors
    assert problems == [], "\n".join(problems)
