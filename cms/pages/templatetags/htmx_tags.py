"""Whether a page loads htmx, and when: only where something on it uses it."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

register = template.Library()

# Blocks whose markup uses htmx (the newsletter form posts through it).
HTMX_BLOCKS = frozenset({"newsletter"})


@register.simple_tag(takes_context=True)
def needs_htmx(context: Any) -> bool:
    """A Wagtail page says so (`uses_htmx`), or has a block that uses it; every other view
    (accounts, teams: signed-in screens with htmx forms) keeps it."""
    page = context.get("page")
    if not isinstance(page, Page):
        return True
    declared = getattr(page, "uses_htmx", None)
    if declared is not None:
        return bool(declared)
    body = getattr(page, "body", None)
    if body is None:
        return False
    # The stored block types: reading the blocks themselves would build every block's value
    # (images, pages, nested streams), which the cached body never needs.
    return any(item.get("type") in HTMX_BLOCKS for item in body.raw_data)


@register.simple_tag(takes_context=True)
def htmx_loading(context: Any) -> str:
    """How base.html loads htmx: "" (not at all), "idle" or "defer".

    On a Wagtail page htmx only enhances links and forms that work without it (the blog
    filters, the newsletter form), so site.js fetches it once the page has loaded and the
    browser is idle, out of the way of the first paint; a form sent before then waits for it.
    The signed-in screens load it with the page (`defer`)."""
    if not needs_htmx(context):
        return ""
    return "idle" if isinstance(context.get("page"), Page) else "defer"
