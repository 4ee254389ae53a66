"""A page's StreamField body, rendered once per content version, body and address.

On a full-page cache miss (a signed-in visitor, the first visit after a publish) the body is
most of the work of a render. `{% page_body page %}` keeps its HTML with the site content
(cms/content_cache.py): every publish, snippet, setting or image change moves the version and
so retires it, and the page cache's middleware fetches it with the page's other cached pieces in
its one `get_many`. The key names the page, its live revision and the language, plus a digest
of the stored body (an A/B version is another body) and of the path with its query string (the
pricing table reads `?billing=`; the newsletter form returns to the page it was sent from).
Previews, drafts and POSTs are rendered every time.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from cms.content_cache import cached_content

register = template.Library()

_BODY = template.Template(
    "{% load wagtailcore_tags %}"
    "{% for block in body %}{% include_block block with nested=nested %}{% endfor %}"
)


def body_cache_name(page: Any, request: HttpRequest | None) -> str | None:
    """The body's name in the site-content cache, or None when it must not be kept."""
    if (
        request is None
        or request.method not in ("GET", "HEAD")  # a form posted to the page: render afresh
        or getattr(request, "is_preview", False)
        or not getattr(page, "live", False)
    ):
        return None
    raw = page.body.raw_data
    if any(item is None for item in raw):
        return None  # a body built from a form (a preview): nothing stored to name it by
    digest = hashlib.blake2b(digest_size=12)
    digest.update(json.dumps(list(raw), sort_keys=True, default=str).encode())
    digest.update(request.get_full_path().encode())
    return f"body:{page.pk}:{page.live_revision_id}:{get_language()}:{digest.hexdigest()}"


@register.simple_tag(takes_context=True)
def page_body(context: template.Context, page: Any, nested: bool = False) -> SafeString:
    def render() -> str:
        with context.push(body=page.body, nested=nested):
            return str(_BODY.render(context))

    name = body_cache_name(page, context.get("request"))
    return mark_safe(render() if name is None else cached_content(name, render))  # noqa: S308


@register.simple_tag(takes_context=True)
def cached_picture(context: template.Context, image: Any, **arguments: Any) -> SafeString:
    """`components/picture.html` (same arguments), its markup kept per image, file and
    arguments under the content version, and fetched with the page's other pieces.

    Post cards and heroes outside a cached body otherwise build the same `<picture>` with its
    srcsets on every render; saving an image moves the version (cms/blocks/apps.py)."""
    if image is None:
        return mark_safe("")

    arguments["avif"] = settings.IMAGES_AVIF

    def render() -> str:
        return render_to_string("components/picture.html", {"image": image, **arguments})

    described = json.dumps(arguments, sort_keys=True, default=str)
    digest = hashlib.blake2b(f"{image.file.name}|{described}".encode(), digest_size=12)
    name = f"picture:{image.pk}:{digest.hexdigest()}"
    if context.get("request") is None:
        return mark_safe(render())  # noqa: S308
    return mark_safe(cached_content(name, render))  # noqa: S308
