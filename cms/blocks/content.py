"""Content blocks: words and code. They work on their own or inside a section or column."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from wagtail import blocks

from cms.blocks.base import HeadedSectionBlock, SectionBlock

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "link",
    "ol",
    "ul",
    "hr",
    "code",
    "blockquote",
]


class RichTextSectionBlock(SectionBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    width = blocks.ChoiceBlock(
        label=_("Width"),
        choices=[("narrow", _("Reading width")), ("wide", _("Wide"))],
        default="narrow",
    )

    class Meta:
        icon = "pilcrow"
        label = _("Rich text")
        template = "blocks/rich_text.html"
        group = _("Content")
        description = _(
            "Headings, paragraphs, lists and links, set in a comfortable reading width."
        )
        preview_value = {
            "text": (
                "<h2>Built for teams that ship</h2><p>Lumen gives your marketing team a site "
                "they can change on their own, with <b>guard rails</b> that keep every page "
                "fast, accessible and on brand.</p><ul><li>Blocks, not blank pages</li>"
                "<li>Seven themes with dark mode</li><li>Previews before you publish</li></ul>"
            ),
            "width": "narrow",
        }


class QuoteBlock(SectionBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=120)
    role = blocks.CharBlock(label=_("Their role"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"
        group = _("Content")
        description = _("A pull quote set large, with who said it.")
        preview_value = {
            "quote": "We rebuilt our whole site in a week, and marketing hasn't filed a ticket "
            "with engineering since.",
            "attribution": "Maya Lindqvist",
            "role": "Head of Growth, Northwind",
        }


CODE_LANGUAGES = [
    ("python", "Python"),
    ("javascript", "JavaScript"),
    ("typescript", "TypeScript"),
    ("bash", "Shell"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("json", "JSON"),
    ("yaml", "YAML"),
    ("sql", "SQL"),
    ("text", _("Plain text")),
]


# Written in a code sample where this site's address belongs (a `curl` a reader runs as
# printed): each page shows the address it is served from, in development and in production.
SITE_URL_MARK = "{{ site_url }}"


class CodeValue(blocks.StructValue):
    @cached_property
    def highlighted(self) -> SafeString:
        """The code as HTML spans with Pygments classes; colours come from the site's CSS."""
        code = (self.get("code") or "").replace(SITE_URL_MARK, settings.SITE_URL)
        lexer = get_lexer_by_name(self.get("language") or "text", stripall=False)
        formatter = HtmlFormatter(nowrap=True, classprefix="tok-")
        return mark_safe(highlight(code, lexer, formatter))  # noqa: S308 - Pygments escapes the code


class CodeBlock(SectionBlock):
    language = blocks.ChoiceBlock(label=_("Language"), choices=CODE_LANGUAGES, default="python")
    code = blocks.TextBlock(
        label=_("Code"),
        help_text=_(
            "Write {{ site_url }} where this site's address belongs, as in a curl command."
        ),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "code"
        label = _("Code")
        template = "blocks/code.html"
        group = _("Content")
        value_class = CodeValue
        description = _("A code sample with syntax colours that follow the theme.")
        preview_value = {
            "language": "python",
            "code": "import os\n\nimport requests\n\nteam = requests.get(\n"
            '    "{{ site_url }}/api/v1/team/",\n'
            '    headers={"Authorization": f"Api-Key {os.environ[\'LUMEN_API_KEY\']}"},\n'
            '    timeout=10,\n).json()\nprint(team["name"], team["plan"])\n',
            "caption": "Read the team behind an API key through the REST API.",
        }


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(
        label=_("Answer"), features=["bold", "italic", "link", "ul", "ol"]
    )

    class Meta:
        icon = "help"
        label_format = "{question}"


class FaqBlock(HeadedSectionBlock):
    items = blocks.ListBlock(FaqItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("FAQ accordion")
        template = "blocks/faq.html"
        group = _("Content")
        description = _("Questions that open to show their answers; works without JavaScript.")
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {
                    "question": "Can I try Lumen before paying?",
                    "answer": "<p>Yes. Every plan starts with a 14-day trial, no card needed.</p>",
                },
                {
                    "question": "Can editors change the theme?",
                    "answer": "<p>Editors pick the default theme in the site settings; "
                    "visitors can switch to dark mode at any time.</p>",
                },
                {
                    "question": "Do you offer discounts for non-profits?",
                    "answer": "<p>We do: write to us and we will set you up.</p>",
                },
            ],
        }

    def get_context(
        self, value: Any, parent_context: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        context = super().get_context(value, parent_context=parent_context)
        # The <details> group's name: one per block on the page, so several FAQ blocks open
        # and close apart. Made from the block's own words, so it is the same in every process
        # and render (a cached page and its ETag do not change with the worker that made it).
        words = [str(value.get("heading") or "")]
        words += [str(item.get("question") or "") for item in value.get("items") or []]
        digest = hashlib.sha256("\x1f".join(words).encode()).hexdigest()[:10]
        context["faq_id"] = f"faq-{digest}"
        return context
