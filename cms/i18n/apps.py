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

        # wagtail-localize's translation editor saves a typed translation (and an image or
        # link chosen for one language) as form data, through DRF views of its own; the
        # project's DRF default reads JSON only (the public API), so every save was a 415 and
        # the editor showed "Server error". Those two admin views read forms again.
        from rest_framework.parsers import FormParser, MultiPartParser
        from wagtail_localize.views import edit_translation

        for view in (edit_translation.edit_string_translation, edit_translation.edit_override):
            view.cls.parser_classes = [FormParser, MultiPartParser]
