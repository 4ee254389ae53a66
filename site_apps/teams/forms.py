"""Forms for the team pages; they only parse input, the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from site_apps.teams.models import Role


class TeamNameForm(forms.Form):
    name = forms.CharField(
        label=_("Team name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args: Any, roles: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if roles is not None:
            role_field = cast(forms.ChoiceField, self.fields["role"])
            role_field.choices = [(v, label) for v, label in Role.choices if v in roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class SwitchTeamForm(forms.Form):
    team = forms.SlugField(allow_unicode=True)
    next = forms.CharField(required=False)
