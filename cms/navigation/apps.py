from django.apps import AppConfig


class NavigationConfig(AppConfig):
    name = "cms.navigation"
    label = "navigation"
    verbose_name = "Navigation"

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.models import Page, Site
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from cms.content_cache import invalidate_on_change, invalidate_site_content
        from cms.navigation.models import Footer, MainMenu

        # Sites: their root paths make every page URL (cms/page_cache.py keeps them too).
        # Pages: a deleted page leaves no other signal behind.
        invalidate_on_change(MainMenu, Footer, Site)
        post_delete.connect(invalidate_site_content, sender=Page, dispatch_uid="content-page-del")
        # Menus link to pages: a page going live, away, or moving can change those links.
        for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
            signal.connect(invalidate_site_content, dispatch_uid=f"content-cache-{signal!r}")
