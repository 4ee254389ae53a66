from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_current(context: dict[str, Any], href: str) -> SafeString:
    """` aria-current="page"` on the link to this page, `="true"` on its section's link."""
    request = context.get("request")
    path = getattr(request, "path", "")
    if not href or not path or href.startswith(("http://", "https://", "#")):
        return mark_safe("")
    if path == href:
        return mark_safe(' aria-current="page"')
    if href != "/" and path.startswith(href):
        return mark_safe(' aria-current="true"')
    return mark_safe("")
