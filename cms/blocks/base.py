"""What every design-system block shares: the section settings and the section wrapper.

Each top-level block is a `SectionBlock`: its own fields plus one `settings` group (anchor id,
spacing, background) shown in the editor's collapsed settings area. Templates extend
`blocks/section.html`, which turns those settings into the `<section>` around the block; a block
nested inside another (a column, a section) is built with `with_settings=False` and renders bare.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.blocks.struct_block import BlockGroup

SPACING_CLASSES = {
    "none": "py-0",
    "small": "py-8 md:py-10",
    "medium": "py-14 md:py-20",
    "large": "py-20 md:py-28",
}
BACKGROUND_CLASSES = {
    "default": "surface-default",
    "muted": "surface-muted",
    "inverse": "surface-inverse",
    "brand": "surface-brand",
}

anchor_validator = RegexValidator(
    r"^[a-z][a-z0-9-]*$",
    _("Use lower-case letters, digits and hyphens, starting with a letter (e.g. pricing-faq)."),
)


class BlockSettings(blocks.StructBlock):
    """The same three choices on every block, so sections look consistent across pages."""

    anchor = blocks.CharBlock(
        label=_("Anchor id"),
        required=False,
        max_length=64,
        validators=[anchor_validator],
        help_text=_("Lets a link jump here: #anchor-id. Leave empty for none."),
    )
    spacing = blocks.ChoiceBlock(
        label=_("Spacing"),
        choices=[
            ("none", _("None")),
            ("small", _("Small")),
            ("medium", _("Medium")),
            ("large", _("Large")),
        ],
        default="medium",
    )
    background = blocks.ChoiceBlock(
        label=_("Background"),
        choices=[
            ("default", _("Page background")),
            ("muted", _("Muted")),
            ("inverse", _("Inverse (dark band)")),
            ("brand", _("Brand colour")),
        ],
        default="default",
    )

    class Meta:
        label = _("Section settings")
        icon = "cog"
        collapsed = True


class SectionBlock(blocks.StructBlock):
    """Base class for design-system blocks: adds the shared settings and the section wrapper."""

    settings = BlockSettings()

    class Meta:
        with_settings = True

    def __init__(self, local_blocks: Any = None, **kwargs: Any) -> None:
        super().__init__(local_blocks, **kwargs)
        if not self.meta.with_settings:
            self.child_blocks.pop("settings", None)

    def get_form_layout(self) -> BlockGroup:
        if self.meta.form_layout is not None:
            return super().get_form_layout()
        names = [name for name in self.child_blocks if name != "settings"]
        with_settings = getattr(self.meta, "with_settings", True)
        return BlockGroup(names, settings=["settings"] if with_settings else [])

    def get_context(
        self, value: Any, parent_context: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        context = super().get_context(value, parent_context=parent_context)
        nested = not self.meta.with_settings or bool((parent_context or {}).get("nested"))
        context["nested"] = nested
        if not nested:
            settings = value.get("settings") or {}
            spacing = SPACING_CLASSES.get(settings.get("spacing") or "", SPACING_CLASSES["medium"])
            background = BACKGROUND_CLASSES.get(
                settings.get("background") or "", BACKGROUND_CLASSES["default"]
            )
            context["section_classes"] = f"{spacing} {background}"
            context["anchor"] = settings.get("anchor") or ""
        return context


class HeadedSectionBlock(SectionBlock):
    """A section that opens with an optional eyebrow, heading and introduction."""

    eyebrow = blocks.CharBlock(label=_("Eyebrow"), required=False, max_length=60)
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=140)
    intro = blocks.TextBlock(label=_("Introduction"), required=False, max_length=600)


BUTTON_CLASSES = {
    "primary": "btn btn-primary",
    "secondary": "btn btn-outline",
    "ghost": "btn btn-ghost",
}


class LinkValue(blocks.StructValue):
    """A link to a page on the site or to any URL; `href` says which, whichever was filled."""

    @property
    def href(self) -> str:
        page = self.get("page")
        if page is not None:
            # An unpublished page is no link (it would be a 404 for visitors).
            return (page.url or "") if page.live else ""
        return self.get("url") or ""

    @property
    def button_classes(self) -> str:
        return BUTTON_CLASSES.get(self.get("style") or "", BUTTON_CLASSES["primary"])


class LinkBlock(blocks.StructBlock):
    """A labelled link to exactly one place: a page of the site, or a URL."""

    label = blocks.CharBlock(label=_("Label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Or a URL"),
        required=False,
        max_length=300,
        help_text=_("A full address (https://...), a path (/contact/) or an anchor (#faq)."),
    )

    class Meta:
        icon = "link"
        value_class = LinkValue
        label_format = "{label}"

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        has_page, has_url = value.get("page") is not None, bool(value.get("url"))
        if has_page and has_url:
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Choose a page or enter a URL, not both: clear one of them.")
                    )
                }
            )
        if not has_page and not has_url:
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter a URL."))}
            )
        return value


class ButtonBlock(LinkBlock):
    style = blocks.ChoiceBlock(
        label=_("Style"),
        choices=[("primary", _("Primary")), ("secondary", _("Outline")), ("ghost", _("Quiet"))],
        default="primary",
    )

    class Meta:
        icon = "link"
        value_class = LinkValue
        label_format = "{label}"


def buttons_block(max_num: int = 2) -> blocks.ListBlock:
    """The row of call-to-action buttons several blocks end with."""
    return blocks.ListBlock(ButtonBlock(), label=_("Buttons"), max_num=max_num, min_num=0)
