"""The page edit forms: a failed save names each field that failed and the tab it is on.

Wagtail highlights a failed field on its own tab only; the slug lives on the Promote tab, so an
editor on the Content tab saw "The page could not be saved due to validation errors" and no
hint. A summary line (a non-field error) makes Wagtail's message list every error with its field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

TABS = (("promote_panels", _("Promote")), ("settings_panels", _("Settings")))


def panel_fields(panels: Any) -> set[str]:
    """The field names inside a list of panels, nested ones included."""
    names: set[str] = set()
    for panel in panels or ():
        if getattr(panel, "field_name", None):
            names.add(panel.field_name)
        names |= panel_fields(getattr(panel, "children", ()))
    return names


class ErrorSummaryMixin:
    def clean(self) -> Any:
        cleaned = super().clean()  # type: ignore[misc]
        failed = [name for name in self.errors if name != NON_FIELD_ERRORS]  # type: ignore[attr-defined]
        if failed:
            model = self._meta.model  # type: ignore[attr-defined]
            places = []
            for name in failed:
                label = self.fields[name].label if name in self.fields else name  # type: ignore[attr-defined]
                tab = next(
                    (tab for attr, tab in TABS if name in panel_fields(getattr(model, attr, ()))),
                    _("Content"),
                )
                places.append(str(format_lazy(_("{field} ({tab} tab)"), field=label, tab=tab)))
            self.add_error(  # type: ignore[attr-defined]
                None, format_lazy(_("Check these fields: {fields}."), fields=", ".join(places))
            )
        return cleaned


class PageForm(ErrorSummaryMixin, WagtailAdminPageForm):
    """Every page's edit form (set on SeoMixin)."""


class FormPageForm(ErrorSummaryMixin, WagtailAdminFormPageForm):
    """The contact page's edit form (a Wagtail form page)."""
