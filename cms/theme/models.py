from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from cms.theme.themes import DEFAULT_DARK, DEFAULT_LIGHT, theme_choices


@register_setting(icon="image")
class ThemeSettings(BaseSiteSetting):
    """Which theme visitors see first, and which dark theme the dark-mode toggle switches to."""

    default_theme = models.CharField(
        _("default theme"),
        max_length=32,
        choices=theme_choices(),
        default=DEFAULT_LIGHT,
        help_text=_("What visitors see unless their system asks for dark mode or they toggle it."),
    )
    dark_theme = models.CharField(
        _("dark theme"),
        max_length=32,
        choices=theme_choices(dark=True),
        default=DEFAULT_DARK,
        help_text=_(
            "Used for visitors who prefer dark mode. When the default theme is itself dark, "
            "the toggle switches to the light theme instead."
        ),
    )

    panels = [FieldPanel("default_theme"), FieldPanel("dark_theme")]

    class Meta:
        verbose_name = _("theme")
