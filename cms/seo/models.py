"""SEO fields and the page-level helpers every public page type shares."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cms.blocks.images import load_images, preload_stream_images
from cms.content_cache import cached_content
from cms.seo.forms import PageForm

SOCIAL_IMAGE_SPEC = "fill-1200x630|format-jpeg"


class SeoMixin(models.Model):
    """Adds a social-sharing image and the SEO panel; title and description are Wagtail's own.

    A page names the images it shows (`preload_images`); they are loaded together the first time
    one is needed, which a render whose body and pictures come from the cache never does.
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

    def preload_images(self, *streams: Any, extra_ids: tuple[int | None, ...] = ()) -> None:
        """Name every image the page will show (streams, hero, social image). Nothing is read
        yet: `loaded_images` reads them all in two queries when the first one is needed."""
        self.__dict__.pop("_loaded_images", None)
        self.__dict__["_images_to_load"] = (streams, (*extra_ids, self.social_image_id))

    def loaded_images(self) -> dict[int, Any]:
        """The images named by `preload_images`, by id, each with its renditions; the named
        streams' blocks are built from them (the body's cached render never asks)."""
        if "_loaded_images" not in self.__dict__:
            streams, ids = self.__dict__.pop("_images_to_load", ((), ()))
            self.__dict__["_loaded_images"] = preload_stream_images(*streams, extra_ids=ids)
        loaded: dict[int, Any] = self.__dict__["_loaded_images"]
        return loaded

    def image_by_id(self, image_id: int | None) -> Any | None:
        """An image from the page's preloaded pool, falling back to one query."""
        if not image_id:
            return None
        image = self.loaded_images().get(image_id)
        if image is None:
            image = load_images([image_id]).get(image_id)
        return image

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

    def social_card(self) -> dict[str, Any] | None:
        """The shared image's 1200x630 JPEG (Open Graph, Twitter, JSON-LD): its url, width,
        height and alt text, kept per image with the site content (saving an image moves the
        version), so a render that finds it reads no image and no rendition."""
        image_id = self.social_image_id or self.fallback_social_image_id()
        if not image_id:
            return None

        def build() -> dict[str, Any]:
            image = self.image_by_id(image_id)
            if image is None:
                return {}  # a deleted image: nothing to share (and an empty value is kept)
            # `get_renditions`: with the renditions preloaded it touches neither the database
            # nor the cache (`get_rendition` stores the rendition in the cache on every call).
            rendition = image.get_renditions(SOCIAL_IMAGE_SPEC)[SOCIAL_IMAGE_SPEC]
            return {
                "url": rendition.url,
                "width": rendition.width,
                "height": rendition.height,
                "alt": image.default_alt_text,
            }

        return cached_content(f"social-image:{image_id}", build) or None

    def get_meta_title(self) -> str:
        return self.seo_title or self.title  # type: ignore[attr-defined]

    def get_meta_description(self) -> str:
        return self.search_description or getattr(self, "intro", "") or ""  # type: ignore[attr-defined]
