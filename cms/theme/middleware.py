"""An anonymous visitor's page links the rules it can use (cms/theme/page_css.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html

from cms.theme.page_css import address, from_our_pages, whole_link

_CLASS_ATTRIBUTE = re.compile(rb"""\sclass=(["'])(.*?)\1""", re.DOTALL)


def page_classes(html: bytes) -> set[str]:
    """Every class name in the page's `class` attributes, however quoted."""
    return {
        name
        for match in _CLASS_ATTRIBUTE.finditer(html)
        for name in match.group(2).decode(errors="replace").split()
    }


class PageStylesheetMiddleware:
    """Swaps the link to the whole stylesheet for one to the page's own rules, for a visitor
    who is not signed in and did not come from another of the site's pages (whose browser
    has the whole file already). Listed inside the page cache, so a cached page is the
    finished one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or getattr(getattr(request, "user", None), "is_authenticated", False)
        ):
            return response
        content: bytes = response.content  # type: ignore[attr-defined]
        link = whole_link().encode()
        if link not in content:
            return response
        patch_vary_headers(response, ["Sec-Fetch-Site"])
        if from_our_pages(request):
            return response
        url = reverse("page_stylesheet", args=address(page_classes(content)))
        own = format_html(
            '<link rel="stylesheet" href="{}" data-whole-css="{}">', url, static("css/site.css")
        )
        content = content.replace(link, own.encode(), 1)
        response.content = content  # type: ignore[attr-defined]
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(content))
        return response
