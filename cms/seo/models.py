"""SEO fields and the page-level helpers every public page type shares."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cms.blocks.images import load_images, preload_stream_images
from cms.seo.forms import PageForm

SOCIAL_IMAGE_SPEC = "fill-1200x630|format-jpeg"


class SeoMixin(models.Model):
    """Adds a social-sharing image and the SEO panel; title and description are Wagtail's own.

    Pages provide `preloaded_images` (see cms/blocks/images.py) so the social image's rendition
    costs no extra query.
    """

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared (1200x630 is cropped from it)."),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("social_image"),
            ],
            heading=_("Search engines and sharing"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("Menus")),
    ]

    base_form_class = PageForm

    class Meta:
        abstract = True

    preloaded_images: dict[int, Any] = {}

    def image_by_id(self, image_id: int | None) -> Any | None:
        """An image from the page's preloaded pool, falling back to one query."""
        if not image_id:
            return None
        image = self.preloaded_images.get(image_id)
        if image is None:
            image = load_images([image_id]).get(image_id)
        return image

    def preload_images(self, *streams: Any, extra_ids: tuple[int | None, ...] = ()) -> None:
        """Load every image the page will show (streams, hero, social image) in two queries."""
        ids = (*extra_ids, self.social_image_id)
        self.preloaded_images = preload_stream_images(*streams, extra_ids=ids)

    def _first_block(self) -> tuple[str, Any]:
        """The body's first block type and value (raw JSON when loaded, else the bound value,
        as in a preview built from the editor's form)."""
        body = getattr(self, "body", None)
        if body is None or not len(body):
            return "", {}
        raw = body.raw_data[0]
        if raw is not None:
            return raw.get("type", ""), raw.get("value") or {}
        return body[0].block_type, body[0].value

    @property
    def opens_with_title(self) -> bool:
        """True when the body's first block is a hero carrying the page's h1, so the page
        template leaves out its own title heading."""
        block_type, value = self._first_block()
        return block_type == "hero" and bool(value.get("is_page_title"))

    def fallback_social_image_id(self) -> int | None:
        """The image shared when none is set: the opening hero's image, if the body has one."""
        block_type, value = self._first_block()
        if block_type != "hero":
            return None
        image = value.get("image")
        return getattr(image, "pk", image)

    def get_social_image(self) -> Any | None:
        return self.image_by_id(self.social_image_id or self.fallback_social_image_id())

    def social_rendition(self) -> Any | None:
        """The shared image's 1200x630 JPEG (Open Graph, Twitter, JSON-LD), once per render.

        `get_renditions` rather than `get_rendition`: with the renditions preloaded it touches
        neither the database nor the cache, where `get_rendition` stores the rendition in the
        cache again on every call (a Redis round trip per page)."""
        if "_social_rendition" not in self.__dict__:
            image = self.get_social_image()
            rendition = None
            if image is not None:
                rendition = image.get_renditions(SOCIAL_IMAGE_SPEC)[SOCIAL_IMAGE_SPEC]
            self.__dict__["_social_rendition"] = rendition
        return self.__dict__["_social_rendition"]

    def get_meta_title(self) -> str:
        return self.seo_title or self.title  # type: ignore[attr-defined]

    def get_meta_description(self) -> str:
        return self.search_description or getattr(self, "intro", "") or ""  # type: ignore[attr-defined]
