"""allauth's phone support (sign-up with ACCOUNT_PHONE_VERIFICATION), run by this app.

allauth asks its adapter to store numbers and send codes, and keeps the code it made in the
session to compare with what is typed. Here the adapter hands the number to our services (same
rules, limits, backends and delivery tracking as the account page), allauth's own code is a
random stand-in that is never sent, and `VerifyPhoneForm` checks what is typed against our
hashed code. So no code sits in the session, which lives in the database.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.forms import VerifyPhoneForm as AllauthVerifyPhoneForm
from allauth.account.stages import PhoneVerificationStage as AllauthPhoneVerificationStage
from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import get_language

from site_apps.common.users import Person
from site_apps.sms import policy, selectors, services
from site_apps.sms.forms import phone_field
from site_apps.sms.models import Purpose
from site_apps.sms.views import client_ip

ALLAUTH_PHONE_STAGE = "allauth.account.stages.PhoneVerificationStage"
PHONE_STAGE = "site_apps.sms.allauth.PhoneVerificationStage"


class PhoneVerificationStage(AllauthPhoneVerificationStage):
    """allauth's phone step, for sign-up: with a required phone field, allauth stops anyone
    whose account has no number at sign-in (people who joined before the setting was turned
    on, or removed their number), sending them back to the sign-in form without a word. They
    sign in; they can add a number on the account page."""

    def handle(self) -> tuple[Any, bool]:
        user = self.login.user
        if user is not None and user.pk and not user.phone:
            return None, True
        return super().handle()


class PhoneAdapterMixin:
    """The phone half of `site_apps.accounts.adapter.AccountAdapter`."""

    request: HttpRequest | None

    def get_login_stages(self) -> list[str]:
        stages: list[str] = super().get_login_stages()  # type: ignore[misc]
        return [PHONE_STAGE if path == ALLAUTH_PHONE_STAGE else path for path in stages]

    def phone_form_field(self, **kwargs: Any) -> Any:
        return phone_field(required=kwargs.pop("required", True), language=get_language())

    def clean_phone(self, phone: Any) -> str:
        number = services.as_number(phone) if phone else None
        decision = policy.number_allowed(number) if number else policy.Decision(False)
        if not decision:
            raise forms.ValidationError(decision.reason, code="refused")
        assert number is not None
        return number.as_e164

    def get_phone(self, user: Person) -> tuple[str, bool] | None:
        if not user.phone:
            return None
        return str(user.phone), user.phone_verified_at is not None

    def set_phone(self, user: Person, phone: str, verified: bool) -> None:
        if verified:
            self.set_phone_verified(user, phone)
        else:
            services.set_unverified_phone(user, phone=phone)

    def set_phone_verified(self, user: Person, phone: str) -> None:
        # `VerifyPhoneForm` has verified it already through our services; nothing else calls
        # this with a number we did not check.
        user.refresh_from_db(fields=["phone", "phone_verified_at"])

    def get_user_by_phone(self, phone: str) -> Any:
        return selectors.user_with_verified_phone(phone)

    def generate_phone_verification_code(self, *, user: Person, phone: str) -> str:
        """allauth keeps this in the session: a stand-in nobody receives or can guess."""
        return secrets.token_urlsafe(24)

    def send_verification_code_sms(
        self, user: Person, phone: str, code: str, **kwargs: Any
    ) -> None:
        try:
            services.request_code(
                user,
                phone=phone,
                purpose=Purpose.SIGNUP,
                client_ip=client_ip(self.request) if self.request else "",
                language=get_language(),
            )
        except policy.SmsRefused as error:
            if self.request is not None:
                messages.error(self.request, str(error))


class VerifyPhoneForm(AllauthVerifyPhoneForm):
    """allauth's code form, checked against our verification (and its wrong-code lock)."""

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        try:
            services.confirm_code(self.user, code=code, phone=self.phone)
        except policy.SmsRefused as error:
            raise forms.ValidationError(str(error), code="incorrect_code") from error
        return code
