from django.apps import AppConfig


class ThemeConfig(AppConfig):
    """django-tailwind's app: Tailwind v4 sources in static_src/, built into static/css/site.css."""

    name = "cms.theme"
    label = "theme"
    verbose_name = "Theme"
