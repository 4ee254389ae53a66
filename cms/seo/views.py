"""robots.txt, /favicon.ico and the web app manifest: small, public, and cacheable for a day."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe

from cms.theme.selectors import site_theme
from cms.theme.themes import THEME_COLOURS

ONE_DAY = 60 * 60 * 24


@require_safe
@cache_control(max_age=ONE_DAY, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page links: send them to the
    site's icon (temporarily, since its static URL carries a content hash that changes)."""
    return HttpResponseRedirect(static("img/favicon-32.png"))


@require_GET
@cache_control(max_age=ONE_DAY, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /styleguide/",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=ONE_DAY, public=True)
def web_manifest(request: HttpRequest) -> JsonResponse:
    colours = THEME_COLOURS.get(site_theme(request).default, THEME_COLOURS["light"])
    manifest = {
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        # Installed, the app opens at the person's teams (a sign-in first when needed).
        "start_url": reverse(settings.LOGIN_REDIRECT_URL),
        "scope": "/",
        "display": "standalone",
        "background_color": colours["background"],
        "theme_color": colours["primary"],
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")
