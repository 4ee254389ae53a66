"""The team dashboard's API key form: it only parses input, `services.issue_key` decides."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NewKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=50,
        help_text=_("What the key is for, e.g. “Nightly export”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        help_text=_("It stops working at the end of this day (UTC). Empty: it never expires."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The date picker offers no day the form would refuse (the same day as the check below).
        self.fields["expires_on"].widget.attrs["min"] = timezone.now().date().isoformat()

    def clean_expires_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.now().date():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day

    @property
    def expires_at(self) -> datetime.datetime | None:
        """The end of the chosen day, in UTC."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time(0), datetime.UTC
        )
