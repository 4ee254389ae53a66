"""A page's StreamField body, rendered once per content version, body and address.

On a full-page cache miss (a signed-in visitor, the first visit after a publish) the body is
most of the work of a render. `{% page_body page %}` keeps its HTML with the site content
(cms/content_cache.py): every publish, snippet, setting or image change moves the version and
so retires it, and the page cache's middleware fetches it with the page's other cached pieces in
its one `get_many`. The key names the page, its live revision and the language, plus a digest
of the stored body (an A/B version is another body) and of the path with its query string (the
pricing table reads `?billing=`; the newsletter form returns to the page it was sent from).
Previews, drafts and POSTs are rendered every time.

`{% fragment "name" part... %}...{% endfragment %}` keeps any other piece of a page the same
way (the site header, say): see `FragmentNode`.
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

from cms.content_cache import cached_content, may_keep_rendered

register = template.Library()

_BODY = template.Template(
    "{% load wagtailcore_tags %}"
    "{% for block in body %}{% include_block block with nested=nested %}{% endfor %}"
)


def body_cache_name(page: Any, request: HttpRequest | None) -> str | None:
    """The body's name in the site-content cache, or None when it must not be kept."""
    if request is None or not may_keep_rendered(request) or not getattr(page, "live", False):
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
        # A page that named its images (SeoMixin.preload_images) loads them now, in two
        # queries for the whole body, before its blocks are built.
        load_images = getattr(page, "loaded_images", None)
        if load_images is not None:
            load_images()
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


class FragmentNode(template.Node):
    """`{% fragment "site-header" page.pk request.get_host request.path %}...{% endfragment %}`:
    the enclosed markup, kept per name, language and key parts under the content version, and
    fetched with the page's other pieces in the page cache's one `get_many`.

    The key parts must name everything the markup depends on besides the site content and the
    language; the request's `content_variant` (an A/B test's version) is added to them.
    Rendered afresh, never kept: for a signed-in person (their name, their forms'
    CSRF tokens), a POST, a preview, or when a key part is missing (None: no page, say, on a 404
    where a made-up path would otherwise fill the cache)."""

    def __init__(
        self, nodelist: template.NodeList, name: str, parts: list[template.base.FilterExpression]
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context: template.Context) -> SafeString:
        name = self.cache_name(context)
        if name is None:
            return self.nodelist.render(context)
        return mark_safe(cached_content(name, lambda: str(self.nodelist.render(context))))  # noqa: S308

    def cache_name(self, context: template.Context) -> str | None:
        request = context.get("request")
        if request is None or not may_keep_rendered(request):
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        values = [part.resolve(context, ignore_failures=True) for part in self.parts]
        if any(value is None for value in values):
            return None
        # Which version of the content this request is served (an A/B test's control or
        # variant sets it: site_apps/experiments/wagtail_hooks.py); "" for everything else.
        values.append(getattr(request, "content_variant", ""))
        digest = hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()
        return f"fragment:{self.name}:{get_language()}:{digest}"


@register.tag
def fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% fragment %} takes a quoted name, then key parts.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
