"""{% inline_static "js/theme-init.js" %}: a static file's text for a <script> in the page.

Only files whose hash the CSP allows (cms/theme/inline.py, SECURE_CSP) may be written this way.
With DEBUG on, `inline_assets` is false and base.html links the file instead, so an edit shows
on the next reload (the inline text is read once per process).
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from cms.theme.inline import INLINE_SCRIPT, inline_text

register = template.Library()


@register.simple_tag
def inline_static(path: str) -> SafeString:
    if path != INLINE_SCRIPT:
        raise template.TemplateSyntaxError(f"{path} has no CSP hash: it cannot be inlined")
    return mark_safe(inline_text(path))  # noqa: S308 - our own committed file, checked for '</'


@register.simple_tag
def inline_assets() -> bool:
    return not settings.DEBUG
