"""Forms for the account pages that are ours (allauth brings sign-up, sign-in and passwords)."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from site_apps.accounts.models import User


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["first_name", "last_name"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }


class DeleteAccountForm(forms.Form):
    """Deleting asks for the person's email address, typed out, as the confirmation."""

    confirm_email = forms.EmailField(
        label=_("Type your email address to confirm"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm_email(self) -> str:
        typed = self.cleaned_data["confirm_email"].strip().lower()
        if typed != self.user.email.lower():
            raise forms.ValidationError(_("That is not the email address of this account."))
        return typed


class RequestReauthenticationCodeForm(allauth_forms.RequestReauthenticationCodeForm):
    """allauth's form to send a sign-in code before a sensitive change, with a label (its field
    had none, so the page showed Django's untranslated "Recipient" in every language)."""

    recipient = forms.ChoiceField(label=_("Send the code to"), choices=[])
