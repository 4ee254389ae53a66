"""Ready-made block lists, so a page declares its body in one line."""

from __future__ import annotations

from wagtail import blocks

from cms.blocks.content import CodeBlock, FaqBlock, QuoteBlock, RichTextSectionBlock
from cms.blocks.layout import CardsBlock, ColumnsBlock, ContentSectionBlock, HeroBlock, StepsBlock
from cms.blocks.marketing import (
    CallToActionBlock,
    FeatureGridBlock,
    LogoCloudBlock,
    NewsletterBlock,
    PricingTableBlock,
    StatsBlock,
    TeamBlock,
    TestimonialsBlock,
)
from cms.blocks.media import GalleryBlock, ImageBlock, ImageWithTextBlock, VideoBlock


def body_blocks() -> list[tuple[str, blocks.Block]]:
    """Every design-system block: landing pages, About-style pages, the style guide."""
    return [
        ("hero", HeroBlock()),
        ("section", ContentSectionBlock()),
        ("columns", ColumnsBlock()),
        ("cards", CardsBlock()),
        ("steps", StepsBlock()),
        ("rich_text", RichTextSectionBlock()),
        ("quote", QuoteBlock()),
        ("code", CodeBlock()),
        ("faq", FaqBlock()),
        ("features", FeatureGridBlock()),
        ("call_to_action", CallToActionBlock()),
        ("pricing", PricingTableBlock()),
        ("testimonials", TestimonialsBlock()),
        ("logos", LogoCloudBlock()),
        ("stats", StatsBlock()),
        ("team", TeamBlock()),
        ("newsletter", NewsletterBlock()),
        ("image", ImageBlock()),
        ("image_with_text", ImageWithTextBlock()),
        ("gallery", GalleryBlock()),
        ("video", VideoBlock()),
    ]


def article_blocks() -> list[tuple[str, blocks.Block]]:
    """What a blog post's body is written with: words, code and media, no page-level sections."""
    return [
        ("rich_text", RichTextSectionBlock(with_settings=False)),
        ("quote", QuoteBlock(with_settings=False)),
        ("code", CodeBlock(with_settings=False)),
        ("image", ImageBlock(with_settings=False)),
        ("gallery", GalleryBlock(with_settings=False)),
        ("video", VideoBlock(with_settings=False)),
        ("call_to_action", CallToActionBlock(with_settings=False)),
    ]


BODY_BLOCKS = body_blocks()
ARTICLE_BLOCKS = article_blocks()
