import warnings

from django.apps import AppConfig


class I18nConfig(AppConfig):
    name = "cms.i18n"
    label = "i18n"
    verbose_name = "Languages"

    def ready(self) -> None:
        from bs4 import MarkupResemblesLocatorWarning
        from wagtail.models import Locale
        from wagtail.signals import page_published

        from cms.content_cache import invalidate_on_change
        from cms.i18n.signals import localize_post_categories

        page_published.connect(localize_post_categories, dispatch_uid="i18n-post-categories")

        # wagtail-localize parses every text segment as HTML; BeautifulSoup warns when one looks
        # like a file name or URL ("/pricing/"), which is just what a link's text often is.
        warnings.filterwarnings(
            "ignore", category=MarkupResemblesLocatorWarning, module=r"wagtail_localize\."
        )
        # The language switcher and hreflang links list the locales that exist.
        invalidate_on_change(Locale)
