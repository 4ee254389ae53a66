"""StreamField values from the design system's blocks (wagtail-factories), for page factories'
bodies: `StandardPageFactory(body__0__rich_text__text="<p>Our story.</p>")`."""

from __future__ import annotations

from typing import Any

import factory
import wagtail_factories
from wagtail import blocks
from wagtail.rich_text import RichText

from cms.blocks.content import QuoteBlock, RichTextSectionBlock
from cms.blocks.lists import article_blocks, body_blocks


class RichTextSectionBlockFactory(wagtail_factories.StructBlockFactory):
    class Meta:
        model = RichTextSectionBlock

    # A string given for `text` becomes the RichText the block stores.
    text = factory.Transformer("<p>Some words worth reading.</p>", transform=RichText)
    width = "narrow"


class QuoteBlockFactory(wagtail_factories.StructBlockFactory):
    class Meta:
        model = QuoteBlock

    quote = "We rebuilt our whole site in a week."
    attribution = "Maya Lindqvist"
    role = "Head of Growth, Northwind"


def _stream_block(definition: list[tuple[str, blocks.Block]]) -> type[blocks.StreamBlock]:
    """The StreamBlock class a StreamField builds from its list of blocks."""
    return type("StreamBlock", (blocks.StreamBlock,), dict(definition))


class ArticleBlocksFactory(wagtail_factories.StreamBlockFactory):
    """A blog post's body: the blocks an article is written with."""

    class Meta:
        model = _stream_block(article_blocks())

    rich_text = factory.SubFactory(RichTextSectionBlockFactory)
    quote = factory.SubFactory(QuoteBlockFactory)


class BodyBlocksFactory(wagtail_factories.StreamBlockFactory):
    """A landing page's body (home, standard and pricing pages)."""

    class Meta:
        model = _stream_block(body_blocks())

    rich_text = factory.SubFactory(RichTextSectionBlockFactory)
    quote = factory.SubFactory(QuoteBlockFactory)


class StreamFieldFactory(wagtail_factories.StreamFieldFactory):
    """wagtail-factories' StreamField declaration, with the blocks a stream has when a test
    names none (`first="rich_text"`: one rich-text block of the block factory's defaults)."""

    def __init__(self, block_types: type[wagtail_factories.StreamBlockFactory], **defaults: str):
        super().__init__(block_types)
        self.defaults = {str(index): name for index, name in enumerate(defaults.values())}

    def evaluate(self, instance: Any, step: Any, extra: dict[str, Any]) -> Any:
        return super().evaluate(instance, step, extra or self.defaults)


def article_body(**defaults: str) -> StreamFieldFactory:
    return StreamFieldFactory(ArticleBlocksFactory, **defaults)


def page_body(**defaults: str) -> StreamFieldFactory:
    return StreamFieldFactory(BodyBlocksFactory, **defaults)
