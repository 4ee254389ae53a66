from django.apps import AppConfig


class ThemeConfig(AppConfig):
    """django-tailwind's app: Tailwind v4 sources in static_src/, built into static/css/site.css;
    plus the theme registry (themes.py) and the site setting that picks the default theme."""

    name = "cms.theme"
    label = "theme"
    verbose_name = "Theme"

    def ready(self) -> None:
        from cms.content_cache import invalidate_on_change
        from cms.theme.models import ThemeSettings

        invalidate_on_change(ThemeSettings)
