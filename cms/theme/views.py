"""A page's own rules (cms/theme/page_css.py), and the CSS a page applies once it has loaded
(cms/theme/stylesheet.py, "The later CSS")."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from cms.theme.page_css import page_css, stylesheet
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


@require_GET
def page_stylesheet(request: HttpRequest, build: str, key: str, signature: str) -> HttpResponse:
    """The rules a page can use, with Brotli where the browser takes it (gzip otherwise, from
    the middleware), kept for a year: the address says all there is. An address this site did
    not sign, or from another build (a page kept from before a release), gets the whole file,
    kept for a minute."""
    made = page_css(build, key, signature)
    if made is None:
        response = HttpResponse(stylesheet().whole, content_type="text/css; charset=utf-8")
        response["Cache-Control"] = "public, max-age=60"
        return response
    css, compressed = made
    if "br" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(compressed, content_type="text/css; charset=utf-8")
        response["Content-Encoding"] = "br"
    else:
        response = HttpResponse(css, content_type="text/css; charset=utf-8")
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
