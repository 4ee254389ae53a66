"""`{% icon "check" "size-5 shrink-0" %}`: one of the site's line icons (cms/blocks/icons.py)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from cms.blocks.icons import icon_svg

register = template.Library()


@register.simple_tag
def icon(name: str, classes: str = "size-5") -> SafeString:
    return icon_svg(str(name), str(classes))
