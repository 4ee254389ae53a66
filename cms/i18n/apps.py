from django.apps import AppConfig


class I18nConfig(AppConfig):
    name = "cms.i18n"
    label = "i18n"
    verbose_name = "Languages"

    def ready(self) -> None:
        from wagtail.models import Locale

        from cms.content_cache import invalidate_on_change

        # The language switcher and hreflang links list the locales that exist.
        invalidate_on_change(Locale)
