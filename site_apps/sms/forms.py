"""The phone section's forms: a number (parsed in the visitor's region when it has no +country
code) and a code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from site_apps.sms import policy


def region_for_language(language: str | None) -> str | None:
    """The country a number without its +country code is read in: the language's own region
    (es-MX: MX), else SMS_REGION_BY_LANGUAGE's guess (es: ES), else none (a + is needed)."""
    language = (language or translation.get_language() or "").replace("_", "-")
    base, _sep, region = language.partition("-")
    if len(region) == 2:
        return region.upper()
    return settings.SMS_REGION_BY_LANGUAGE.get(base.lower())


def phone_field(
    *, required: bool = True, language: str | None = None, **kwargs: Any
) -> PhoneNumberField:
    kwargs.setdefault("label", _("Mobile number"))
    # Ours rather than the library's, whose example number (a national one) reads backwards
    # in Arabic and is a landline in some countries.
    kwargs.setdefault(
        "error_messages", {"invalid": _("Enter a valid mobile number, with its country code.")}
    )
    kwargs.setdefault(
        "help_text",
        _("With its country code (for example +44 7400 123456), unless it is from your country."),
    )
    return PhoneNumberField(
        required=required,
        region=region_for_language(language),
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}
        ),
        **kwargs,
    )


class PhoneForm(forms.Form):
    def __init__(self, *args: Any, language: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"] = phone_field(language=language)

    def clean_phone(self) -> Any:
        number = self.cleaned_data["phone"]
        decision = policy.number_allowed(number)
        if not decision:
            raise forms.ValidationError(decision.reason, code="refused")
        return number


class CodeForm(forms.Form):
    """The code field; `focus=True` when it has just been shown (a code was asked for), so the
    keyboard lands on it: the button that sent the request is gone with the old section."""

    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "dir": "ltr",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args: Any, focus: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if focus:
            # A page load focuses it (the plain POST's redirect), and htmx focuses an
            # [autofocus] element in what it swaps in.
            self.fields["code"].widget.attrs["autofocus"] = True
