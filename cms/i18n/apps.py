from django.apps import AppConfig


class I18nConfig(AppConfig):
    name = "cms.i18n"
    label = "i18n"
    verbose_name = "Languages"

    def ready(self) -> None:
        from wagtail.models import Locale
        from wagtail.signals import page_published

        from cms.content_cache import invalidate_on_change
        from cms.i18n.signals import localize_post_categories

        page_published.connect(localize_post_categories, dispatch_uid="i18n-post-categories")

        # The language switcher and hreflang links list the locales that exist.
        invalidate_on_change(Locale)
