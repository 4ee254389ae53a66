"""Marketing blocks: the sections a product's landing pages are built from."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blocks.base import HeadedSectionBlock, SectionBlock, buttons_block
from cms.blocks.images import ImageChooserBlock
from cms.blocks.previews import sample_images

# Icons are inline SVG drawn by cms/blocks/icons.py ({% icon %}): no icon font to load.
ICON_CHOICES = [
    ("bolt", _("Lightning bolt")),
    ("shield", _("Shield")),
    ("globe", _("Globe")),
    ("sparkles", _("Sparkles")),
    ("chart", _("Chart")),
    ("users", _("People")),
    ("lock", _("Lock")),
    ("code", _("Code")),
    ("palette", _("Palette")),
    ("clock", _("Clock")),
    ("check", _("Check mark")),
    ("heart", _("Heart")),
]


class FeatureBlock(blocks.StructBlock):
    icon = blocks.ChoiceBlock(label=_("Icon"), choices=ICON_CHOICES, default="sparkles")
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"), max_length=300)

    class Meta:
        icon = "tick-inverse"
        label_format = "{title}"


class FeatureGridBlock(HeadedSectionBlock):
    features = blocks.ListBlock(FeatureBlock(), label=_("Features"), min_num=1)
    columns = blocks.ChoiceBlock(
        label=_("Columns on wide screens"),
        choices=[("2", "2"), ("3", "3"), ("4", "4")],
        default="3",
    )

    class Meta:
        icon = "table"
        label = _("Feature grid")
        template = "blocks/feature_grid.html"
        group = _("Marketing")
        description = _("Features with an icon, a title and a line of text, in a grid.")
        preview_value = {
            "eyebrow": "Why Lumen",
            "heading": "Everything a marketing site needs",
            "intro": "Start with a complete site and change anything, without a developer.",
            "columns": "3",
            "features": [
                {
                    "icon": "bolt",
                    "title": "Fast by default",
                    "text": "Pages score 95+ on Lighthouse out of the box, on phones too.",
                },
                {
                    "icon": "palette",
                    "title": "Seven themes",
                    "text": "Light, dark and five "
                    "more. Editors pick one; visitors can switch to dark.",
                },
                {
                    "icon": "globe",
                    "title": "Ready for every language",
                    "text": "Every "
                    "interface string is translatable, and layouts mirror for right-to-left.",
                },
                {
                    "icon": "shield",
                    "title": "Secure",
                    "text": "A strict content security "
                    "policy, no third-party scripts, HTTPS everywhere.",
                },
                {
                    "icon": "users",
                    "title": "Teams",
                    "text": "Invite colleagues, share a subscription, manage roles.",
                },
                {
                    "icon": "code",
                    "title": "An API for everything",
                    "text": "A versioned REST API with keys, tokens and OpenAPI docs.",
                },
            ],
        }


class CallToActionBlock(SectionBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=140)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    buttons = buttons_block()

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action.html"
        group = _("Marketing")
        description = _("A short, bold invitation to act, with one or two buttons.")
        preview_value = {
            "heading": "Launch your site this afternoon",
            "text": "Start a free 14-day trial. No card needed.",
            "buttons": [
                {"label": "Start free trial", "url": "#", "style": "primary"},
                {"label": "Talk to sales", "url": "#", "style": "secondary"},
            ],
            "settings": {"spacing": "medium", "background": "brand", "anchor": ""},
        }


class PricingTableBlock(HeadedSectionBlock):
    """The plans edited under Snippets > Plans, with the monthly/yearly switch. Its template
    loads them with billing's `{% plan_offers %}` tag: the design system imports no app."""

    class Meta:
        icon = "tag"
        label = _("Pricing table")
        template = "blocks/pricing_table.html"
        group = _("Marketing")
        description = _(
            "The plans from Snippets > Plans side by side, with a monthly/yearly switch."
        )
        preview_value = {
            "eyebrow": "Pricing",
            "heading": "Simple plans that grow with you",
            "intro": "Start free, upgrade when you need more seats.",
        }


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=500)
    name = blocks.CharBlock(label=_("Name"), max_length=80)
    role = blocks.CharBlock(label=_("Role and company"), required=False, max_length=120)
    photo = ImageChooserBlock(label=_("Photo"), required=False)

    class Meta:
        icon = "openquote"
        label_format = "{name}"


class TestimonialsBlock(HeadedSectionBlock):
    testimonials = blocks.ListBlock(TestimonialBlock(), label=_("Testimonials"), min_num=1)

    class Meta:
        icon = "openquote"
        label = _("Testimonials")
        template = "blocks/testimonials.html"
        group = _("Marketing")
        description = _("What customers say, with their name, role and photo.")

    def get_preview_value(self) -> Any:
        photos = [*sample_images(3, "square"), None, None, None]
        return self.normalize(
            {
                "heading": "Loved by marketing teams",
                "testimonials": [
                    {
                        "quote": "Our landing pages went from two weeks to two hours.",
                        "name": "Priya Raman",
                        "role": "CMO, Brightwave",
                        "photo": photos[0],
                    },
                    {
                        "quote": "The themes look great and the dark mode just works.",
                        "name": "Tomás García",
                        "role": "Designer, Solstice",
                        "photo": photos[1],
                    },
                    {
                        "quote": "We passed our accessibility audit on the first try.",
                        "name": "Hannah Okafor",
                        "role": "Product lead, Meridian",
                        "photo": photos[2],
                    },
                ],
            }
        )


class LogoBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Company name"), max_length=80)
    image = ImageChooserBlock(label=_("Logo"))
    url = blocks.URLBlock(label=_("Link"), required=False)

    class Meta:
        icon = "image"
        label_format = "{name}"


class LogoCloudBlock(HeadedSectionBlock):
    logos = blocks.ListBlock(LogoBlock(), label=_("Logos"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Logo cloud")
        template = "blocks/logo_cloud.html"
        group = _("Marketing")
        description = _("A row of customer or partner logos.")

    def get_preview_value(self) -> Any:
        names = ["Northwind", "Brightwave", "Solstice", "Meridian", "Acme", "Globex"]
        return self.normalize(
            {
                "heading": "Trusted by teams at",
                "logos": [
                    {"name": name, "image": image}
                    for name, image in zip(names, sample_images(6, "logo"), strict=False)
                ],
            }
        )


class StatBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=20, help_text="99.99%")
    label = blocks.CharBlock(label=_("What it counts"), max_length=80)
    text = blocks.CharBlock(label=_("Detail"), required=False, max_length=160)

    class Meta:
        icon = "order"
        label_format = "{value} {label}"


class StatsBlock(HeadedSectionBlock):
    stats = blocks.ListBlock(StatBlock(), label=_("Figures"), min_num=1, max_num=4)

    class Meta:
        icon = "order"
        label = _("Stats")
        template = "blocks/stats.html"
        group = _("Marketing")
        description = _("Up to four big figures with what they count.")
        preview_value = {
            "heading": "Numbers we are proud of",
            "stats": [
                {"value": "2,400+", "label": "Sites launched", "text": "In 38 countries"},
                {"value": "99.99%", "label": "Uptime", "text": "Over the last 12 months"},
                {"value": "0.8 s", "label": "Median load", "text": "On a mid-range phone"},
                {"value": "4.9/5", "label": "Customer rating", "text": "From 600 reviews"},
            ],
        }


class TeamMemberBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=80)
    role = blocks.CharBlock(label=_("Role"), max_length=80)
    photo = ImageChooserBlock(label=_("Photo"), required=False)
    bio = blocks.TextBlock(label=_("Short bio"), required=False, max_length=300)

    class Meta:
        icon = "user"
        label_format = "{name}"


class TeamBlock(HeadedSectionBlock):
    members = blocks.ListBlock(TeamMemberBlock(), label=_("People"), min_num=1)

    class Meta:
        icon = "group"
        label = _("Team members")
        template = "blocks/team.html"
        group = _("Marketing")
        description = _("People with their photo, role and a short bio.")

    def get_preview_value(self) -> Any:
        photos = [*sample_images(3, "square"), None, None, None]
        return self.normalize(
            {
                "heading": "The people behind Lumen",
                "members": [
                    {
                        "name": "Ada Moreau",
                        "role": "Co-founder, CEO",
                        "photo": photos[0],
                        "bio": "Ran growth at two SaaS companies before starting Lumen.",
                    },
                    {
                        "name": "Kenji Watanabe",
                        "role": "Co-founder, CTO",
                        "photo": photos[1],
                        "bio": "Has shipped Django sites since version 0.96.",
                    },
                    {
                        "name": "Lena Fischer",
                        "role": "Head of Design",
                        "photo": photos[2],
                        "bio": "Designs the themes and keeps them accessible.",
                    },
                ],
            }
        )


class NewsletterBlock(SectionBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=140)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=300)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=40, default="Subscribe")
    privacy_note = blocks.CharBlock(
        label=_("Privacy note"),
        required=False,
        max_length=200,
        default="One email a month. Unsubscribe any time.",
    )

    class Meta:
        icon = "mail"
        label = _("Newsletter signup")
        template = "blocks/newsletter.html"
        group = _("Marketing")
        description = _("An email field and a button; sign-ups are listed under Newsletter.")
        preview_value = {
            "heading": "Get product news in your inbox",
            "text": "New themes, blocks and releases, once a month.",
            "button_label": "Subscribe",
            "privacy_note": "One email a month. Unsubscribe any time.",
        }
