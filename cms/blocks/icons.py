"""The site's line icons (24x24, stroke = currentColor), as inline SVG: no icon font to load.

Drawn for this site. `{% icon name classes %}` (cms.blocks.templatetags.icon_tags) writes one; a
dictionary lookup, where the template it replaces compared the name against every icon in turn
(a pricing page draws 22 icons).
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Name -> the shapes inside the <svg>.
SHAPES: dict[str, str] = {
    "bolt": '<path d="M13 2 4 14h7l-1 8 9-12h-7z"/>',
    "shield": '<path d="M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6z"/><path d="m9 12 2 2 4-4"/>',
    "globe": (
        '<circle cx="12" cy="12" r="9"/>'
        '<ellipse cx="12" cy="12" rx="4" ry="9"/>'
        '<path d="M3 12h18"/>'
    ),
    "sparkles": (
        '<path d="M10 3v4M8 5h4M17 9l1.5 3.5L22 14l-3.5 1.5L17 19l-1.5-3.5L12 14l3.5-1.5z'
        'M6 13l1 2.5L9.5 16.5 7 17.5 6 20l-1-2.5-2.5-1L5 15.5z"/>'
    ),
    "chart": '<path d="M4 20V10M10 20V4M16 20v-7M22 20H2"/>',
    "users": (
        '<circle cx="9" cy="8" r="3.5"/>'
        '<path d="M2.5 20c.5-3.5 3.2-6 6.5-6s6 2.5 6.5 6"/>'
        '<circle cx="17" cy="9" r="2.5"/>'
        '<path d="M17 14c2.4 0 4.2 1.8 4.5 4.5"/>'
    ),
    "lock": (
        '<rect x="4" y="11" width="16" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>'
    ),
    "code": '<path d="m8 7-5 5 5 5M16 7l5 5-5 5M14 4l-4 16"/>',
    "palette": (
        '<path d="M12 3a9 9 0 1 0 0 18'
        "c1.2 0 2-.8 2-1.8 0-1.2-1-1.6-1-2.7 0-1 .8-1.5 1.8-1.5H17a4 4 0 0 0 4-4"
        'C21 6.5 17 3 12 3z"/>'
        '<circle cx="7.5" cy="11" r="1"/>'
        '<circle cx="10" cy="7" r="1"/>'
        '<circle cx="15" cy="7.5" r="1"/>'
    ),
    "clock": '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
    "check": '<path d="m5 12 5 5 9-10"/>',
    "heart": (
        '<path d="M12 20s-8-4.6-8-10.5A4.5 4.5 0 0 1 12 7a4.5 4.5 0 0 1 8 2.5'
        'C20 15.4 12 20 12 20z"/>'
    ),
    "menu": '<path d="M4 6h16M4 12h16M4 18h16"/>',
    "close": '<path d="M6 6l12 12M18 6 6 18"/>',
    "sun": (
        '<circle cx="12" cy="12" r="4"/>'
        '<path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2'
        'M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/>'
    ),
    "moon": '<path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z"/>',
    "rss": (
        '<path d="M5 5a14 14 0 0 1 14 14M5 11a8 8 0 0 1 8 8"/><circle cx="6" cy="18" r="1.5"/>'
    ),
    "arrow": '<path d="M5 12h14M13 6l6 6-6 6"/>',
    "mail": ('<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>'),
}
# Drawn for a name no icon has (an icon removed while a page still names it).
FALLBACK = '<circle cx="12" cy="12" r="9"/>'

_SVG = (
    '<svg class="{}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" '
    'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">{}</svg>'
)


def icon_svg(name: str, classes: str = "size-5") -> SafeString:
    """The icon's `<svg>`, decorative (hidden from assistive technology), sized by `classes`."""
    shapes = mark_safe(SHAPES.get(name, FALLBACK))  # noqa: S308 - constants of this module
    return format_html(_SVG, classes or "size-5", shapes)
