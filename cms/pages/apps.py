from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "cms.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from wagtail.models import PageViewRestriction, get_page_models

        from cms.content_cache import invalidate_on_change
        from cms.pages.privacy import forget_privacy_of_converted_alias

        # Which pages are restricted is cached with the site content (cms/pages/selectors.py).
        # Moving a page moves that version too (cms/navigation/apps.py); so does converting an
        # alias into an ordinary page, which then stops reading its source's restrictions.
        invalidate_on_change(PageViewRestriction)
        for model in get_page_models():
            post_save.connect(
                forget_privacy_of_converted_alias,
                sender=model,
                dispatch_uid=f"pages-alias-converted-{model._meta.label_lower}",
            )
