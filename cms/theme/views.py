"""The CSS a page applies once it has loaded (cms/theme/stylesheet.py, "The later CSS")."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from cms.theme.stylesheet import later_css

ONE_YEAR = 365 * 24 * 60 * 60


@require_GET
def later_stylesheet(request: HttpRequest, digest: str) -> HttpResponse:
    """Named by a digest of its content, so it is kept for a year; a page from before a
    release that asks for an older digest gets today's CSS, kept for a minute."""
    css, current = later_css()
    if not css:
        raise Http404("No later CSS: the page links the whole stylesheet.")
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = (
        f"public, max-age={ONE_YEAR}, immutable" if digest == current else "public, max-age=60"
    )
    return response
