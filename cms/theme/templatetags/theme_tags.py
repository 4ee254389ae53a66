"""`{% site_stylesheet %}`: the site's CSS in `<head>` (cms/theme/stylesheet.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cms.theme.page_css import whole_link
from cms.theme.stylesheet import allow_inline_style, later_css, page_style

register = template.Library()


@register.simple_tag(takes_context=True)
def site_stylesheet(context: dict[str, Any]) -> SafeString:
    """A link to the whole file and the system-dark rules in a `<style>` element; or, with
    `INLINE_STYLESHEET=true`, the page's CSS in a `<style>` element with the address of the CSS
    `site.js` applies at the visitor's first touch (and a `<noscript>` link to it). The inline
    CSS is allowed by hash in this response's CSP."""
    style = page_style()
    request = context.get("request")
    if request is not None:
        allow_inline_style(request, style)
    if not style.whole:
        return format_html("{}<style>{}</style>", whole_link(), _css(style.css))
    later, digest = later_css()
    if not later:
        return format_html("<style>{}</style>", _css(style.css))
    url = reverse("later_stylesheet", args=[digest])
    return format_html(
        '<style data-later-css="{}">{}</style>'
        '<noscript><link rel="stylesheet" href="{}"></noscript>',
        url,
        _css(style.css),
        url,
    )


def _css(css: str) -> SafeString:
    # Our own built file, checked for "</" when it was read: not escaped, or quotes and ">"
    # in selectors and strings would break.
    return mark_safe(css)  # noqa: S308  # nosec B308 B703
