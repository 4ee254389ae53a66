from django.apps import AppConfig


class NavigationConfig(AppConfig):
    name = "cms.navigation"
    label = "navigation"
    verbose_name = "Navigation"

    def ready(self) -> None:
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from cms.content_cache import invalidate_on_change, invalidate_site_content
        from cms.navigation.models import Footer, MainMenu

        invalidate_on_change(MainMenu, Footer)
        # Menus link to pages: a page going live, away, or moving can change those links.
        for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
            signal.connect(invalidate_site_content, dispatch_uid=f"content-cache-{signal!r}")
