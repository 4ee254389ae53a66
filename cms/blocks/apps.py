from django.apps import AppConfig


class BlocksConfig(AppConfig):
    name = "cms.blocks"
    label = "blocks"
    verbose_name = "Blocks"

    def ready(self) -> None:
        from wagtail.images import get_image_model

        from cms.content_cache import invalidate_on_change

        # Cached bodies and pictures name an image's renditions: a changed image (a new focal
        # point retires its renditions) moves the site-content version.
        invalidate_on_change(get_image_model())
