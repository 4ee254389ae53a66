"""Media blocks: images, galleries and video, served as modern formats in several sizes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from cms.blocks.base import HeadedSectionBlock, SectionBlock, buttons_block
from cms.blocks.images import ImageChooserBlock
from cms.blocks.previews import sample_image, sample_images


class ImageBlock(SectionBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    width = blocks.ChoiceBlock(
        label=_("Width"),
        choices=[("narrow", _("Reading width")), ("wide", _("Wide"))],
        default="wide",
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"
        group = _("Media")
        description = _("One image with an optional caption, in the reading width or wide.")

    def get_preview_value(self) -> Any:
        return self.normalize(
            {"image": sample_image(), "caption": "The Lumen page editor.", "width": "wide"}
        )


class ImageWithTextBlock(HeadedSectionBlock):
    image = ImageChooserBlock(label=_("Image"))
    text = blocks.RichTextBlock(
        label=_("Text"), required=False, features=["bold", "italic", "link", "ul", "ol"]
    )
    image_position = blocks.ChoiceBlock(
        label=_("Image position"),
        choices=[("start", _("Before the text")), ("end", _("After the text"))],
        default="end",
    )
    buttons = buttons_block()

    class Meta:
        icon = "doc-full-inverse"
        label = _("Image with text")
        template = "blocks/image_with_text.html"
        group = _("Media")
        description = _("An image beside a heading, text and buttons; stacks on phones.")

    def get_preview_value(self) -> Any:
        return self.normalize(
            {
                "eyebrow": "Editing",
                "heading": "See every change before it goes live",
                "text": "<p>Preview a page in light and dark, on a phone or a wide screen, "
                "then publish in one click.</p><ul><li>Live preview</li><li>Scheduled "
                "publishing</li><li>Full revision history</li></ul>",
                "image": sample_image(),
                "image_position": "end",
                "buttons": [{"label": "Take the tour", "url": "#", "style": "secondary"}],
            }
        )


class GalleryItemBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)


class GalleryBlock(HeadedSectionBlock):
    images = blocks.ListBlock(GalleryItemBlock(), label=_("Images"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "blocks/gallery.html"
        group = _("Media")
        description = _("A grid of images with captions: screenshots, events, the office.")

    def get_preview_value(self) -> Any:
        return self.normalize(
            {
                "heading": "A closer look",
                "images": [
                    {"image": image, "caption": f"Screen {n}"}
                    for n, image in enumerate(sample_images(3), start=1)
                ],
            }
        )


VIDEO_HOSTS = {
    "www.youtube.com": "YouTube",
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "player.vimeo.com": "Vimeo",
}


class VideoValue(blocks.StructValue):
    @cached_property
    def host_name(self) -> str:
        return VIDEO_HOSTS.get(urlparse(self.get("url") or "").netloc.lower(), "")


class VideoBlock(SectionBlock):
    """A video hosted elsewhere, shown as a poster that opens it.

    The public site's CSP allows frames only from our own origin, so third-party players are
    never embedded: the visitor follows the link to the host, and no tracker loads before.
    """

    url = blocks.URLBlock(label=_("Video URL"), help_text=_("A YouTube or Vimeo address."))
    title = blocks.CharBlock(label=_("Title"), max_length=140)
    poster = ImageChooserBlock(label=_("Poster image"))
    duration = blocks.CharBlock(label=_("Length"), required=False, max_length=12, help_text="4:32")
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video.html"
        group = _("Media")
        value_class = VideoValue
        description = _(
            "A YouTube or Vimeo video shown as a poster with a play button; it opens on the "
            "video's site, so no third-party player loads on ours."
        )

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        host = urlparse(value.get("url") or "").netloc.lower()
        if host not in VIDEO_HOSTS:
            raise StructBlockValidationError(
                {"url": ValidationError(_("Use a YouTube or Vimeo address."))}
            )
        return value

    def get_preview_value(self) -> Any:
        return self.normalize(
            {
                "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                "title": "Lumen in four minutes",
                "poster": sample_image(),
                "duration": "4:12",
                "caption": "A tour of the editor, themes and the pricing page.",
            }
        )
