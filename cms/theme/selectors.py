"""The theme a request should render with, from the site settings, cached between requests."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.models import Site

from cms.content_cache import cached_content
from cms.theme.models import ThemeSettings
from cms.theme.themes import DEFAULT_DARK, DEFAULT_LIGHT, ThemePair, pair_for


def site_theme(request: HttpRequest) -> ThemePair:
    """The editors' default theme and the toggle's light/dark ends for this request's site."""
    site = Site.find_for_request(request)
    if site is None:
        return pair_for(DEFAULT_LIGHT, DEFAULT_DARK)

    def build() -> ThemePair:
        # Read without creating: a settings row made here would itself invalidate the cache.
        settings = ThemeSettings.objects.filter(site=site).first()
        if settings is None:
            return pair_for(DEFAULT_LIGHT, DEFAULT_DARK)
        return pair_for(settings.default_theme, settings.dark_theme)

    return cached_content(f"theme:{site.pk}", build)
