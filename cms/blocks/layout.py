"""Layout blocks: the hero, sections and columns that hold other blocks, cards and steps."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blocks.base import HeadedSectionBlock, LinkBlock, SectionBlock, buttons_block
from cms.blocks.content import CodeBlock, QuoteBlock, RichTextSectionBlock
from cms.blocks.images import ImageChooserBlock
from cms.blocks.media import ImageBlock
from cms.blocks.previews import sample_image, sample_images


def nested_content_blocks() -> blocks.StreamBlock:
    """Content that sits inside a section or a column: it takes the container's settings."""
    return blocks.StreamBlock(
        [
            ("rich_text", RichTextSectionBlock(with_settings=False)),
            ("quote", QuoteBlock(with_settings=False)),
            ("code", CodeBlock(with_settings=False)),
            ("image", ImageBlock(with_settings=False)),
        ],
        label=_("Content"),
    )


class HeroBlock(SectionBlock):
    eyebrow = blocks.CharBlock(label=_("Eyebrow"), required=False, max_length=60)
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    buttons = buttons_block()
    image = ImageChooserBlock(label=_("Image"), required=False)
    layout = blocks.ChoiceBlock(
        label=_("Layout"),
        choices=[("split", _("Text beside the image")), ("centered", _("Centred, image below"))],
        default="split",
    )
    is_page_title = blocks.BooleanBlock(
        label=_("This is the page's main heading (h1)"),
        required=False,
        default=True,
        help_text=_(
            "When this hero opens the page, the page's own title and introduction are not "
            "shown: write what they say here."
        ),
    )

    class Meta:
        icon = "title"
        label = _("Hero")
        template = "blocks/hero.html"
        group = _("Layout")
        description = _("The big opening of a page: a headline, a line of text, buttons, an image.")

    def get_preview_value(self) -> Any:
        return self.normalize(
            {
                "eyebrow": "New: seven themes with dark mode",
                "heading": "The marketing site your team runs itself",
                "text": "Build pages from ready-made blocks, publish in minutes, and stay fast "
                "and accessible in every theme.",
                "buttons": [
                    {"label": "Start free trial", "url": "#", "style": "primary"},
                    {"label": "See pricing", "url": "#", "style": "secondary"},
                ],
                "image": sample_image(),
                "layout": "split",
                "is_page_title": True,
            }
        )


class ContentSectionBlock(HeadedSectionBlock):
    content = nested_content_blocks()

    class Meta:
        icon = "doc-full"
        label = _("Section")
        template = "blocks/content_section.html"
        group = _("Layout")
        description = _("A heading and introduction over text, quotes, code and images.")
        preview_value = {
            "eyebrow": "Our story",
            "heading": "Why we built Lumen",
            "intro": "Marketing sites deserve the same care as the product.",
            "content": [
                {
                    "type": "rich_text",
                    "value": {
                        "text": "<p>Every company we worked with rebuilt its website every two "
                        "years. We wanted one that grows instead.</p>",
                        "width": "narrow",
                    },
                },
                {
                    "type": "quote",
                    "value": {
                        "quote": "Make the right thing the easy thing.",
                        "attribution": "Our first design principle",
                    },
                },
            ],
        }


class ColumnsBlock(HeadedSectionBlock):
    columns = blocks.ListBlock(nested_content_blocks(), label=_("Columns"), min_num=2, max_num=3)

    class Meta:
        icon = "grip"
        label = _("Columns")
        template = "blocks/columns.html"
        group = _("Layout")
        description = _("Two or three columns of content side by side; they stack on phones.")
        preview_value = {
            "heading": "How we work",
            "columns": [
                [
                    {
                        "type": "rich_text",
                        "value": {
                            "text": "<h3>Remote first</h3><p>Our team "
                            "spans nine time zones and writes everything down.</p>",
                            "width": "wide",
                        },
                    }
                ],
                [
                    {
                        "type": "rich_text",
                        "value": {
                            "text": "<h3>Customers first</h3><p>Every "
                            "engineer spends a day a month on support.</p>",
                            "width": "wide",
                        },
                    }
                ],
                [
                    {
                        "type": "rich_text",
                        "value": {
                            "text": "<h3>Calm company</h3><p>No "
                            "crunch, no heroics: we plan for sustainable pace.</p>",
                            "width": "wide",
                        },
                    }
                ],
            ],
        }


class CardBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"), required=False)
    title = blocks.CharBlock(label=_("Title"), max_length=100)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=300)
    link = LinkBlock(label=_("Link"), required=False)

    class Meta:
        icon = "doc-empty"
        label_format = "{title}"


class CardsBlock(HeadedSectionBlock):
    cards = blocks.ListBlock(CardBlock(), label=_("Cards"), min_num=1)

    class Meta:
        icon = "doc-empty-inverse"
        label = _("Cards")
        template = "blocks/cards.html"
        group = _("Layout")
        description = _("Cards with an image, a title, text and a link, in a responsive grid.")

    def get_preview_value(self) -> Any:
        images = [*sample_images(3), None, None, None]
        return self.normalize(
            {
                "heading": "Resources",
                "cards": [
                    {
                        "image": images[0],
                        "title": "Guides",
                        "text": "Step-by-step help for editors.",
                        "link": {"label": "Read the guides", "url": "#"},
                    },
                    {
                        "image": images[1],
                        "title": "Changelog",
                        "text": "What shipped this month.",
                        "link": {"label": "See what's new", "url": "#"},
                    },
                    {
                        "image": images[2],
                        "title": "Community",
                        "text": "Questions, answers and show-and-tell.",
                        "link": {"label": "Join the forum", "url": "#"},
                    },
                ],
            }
        )


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=100)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=300)
    date = blocks.CharBlock(
        label=_("Date or label"), required=False, max_length=40, help_text=_("For timelines.")
    )

    class Meta:
        icon = "order-down"
        label_format = "{title}"


class StepsBlock(HeadedSectionBlock):
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)
    style = blocks.ChoiceBlock(
        label=_("Style"),
        choices=[("steps", _("Numbered steps")), ("timeline", _("Timeline"))],
        default="steps",
    )

    class Meta:
        icon = "list-ol"
        label = _("Steps / timeline")
        template = "blocks/steps.html"
        group = _("Layout")
        description = _("Numbered steps (how it works) or a dated timeline (our story).")
        preview_value = {
            "eyebrow": "How it works",
            "heading": "Live in three steps",
            "style": "steps",
            "steps": [
                {"title": "Pick a theme", "text": "Choose from seven themes, light or dark."},
                {"title": "Add your content", "text": "Build pages from ready-made blocks."},
                {"title": "Publish", "text": "Go live and measure what works."},
            ],
        }
