"""Render a form field's widget with the site's daisyUI classes and the ARIA links to its help
text and errors, so every form (ours and allauth's) looks and reads the same."""

from __future__ import annotations

from django import template
from django.forms import (
    BoundField,
    CheckboxInput,
    CheckboxSelectMultiple,
    RadioSelect,
    Select,
    SelectMultiple,
    Textarea,
)
from django.utils.safestring import SafeString

register = template.Library()


def widget_class(field: BoundField) -> str:
    widget = field.field.widget
    invalid = bool(field.errors)
    if isinstance(widget, CheckboxInput | CheckboxSelectMultiple):  # the latter is a RadioSelect
        return "checkbox" + (" checkbox-error" if invalid else "")
    if isinstance(widget, RadioSelect):
        return "radio"
    if isinstance(widget, Select | SelectMultiple):
        return "select w-full" + (" select-error" if invalid else "")
    if isinstance(widget, Textarea):
        return "textarea w-full" + (" textarea-error" if invalid else "")
    return "input w-full" + (" input-error" if invalid else "")


@register.filter
def styled_widget(field: BoundField) -> SafeString:
    """`{{ field|styled_widget }}`: the widget with its classes, `aria-invalid` and
    `aria-describedby` pointing at the help and error texts the field template prints."""
    extra_class = field.field.widget.attrs.get("class", "")
    attrs: dict[str, str | bool] = {"class": f"{widget_class(field)} {extra_class}".strip()}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, CheckboxInput)
