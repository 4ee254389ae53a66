"""The main menu and the footer, edited as snippets (one of each per language)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin

from cms.blocks.base import ButtonBlock, LinkBlock

SOCIAL_NETWORKS = [
    ("github", "GitHub"),
    ("linkedin", "LinkedIn"),
    ("x", "X"),
    ("mastodon", "Mastodon"),
    ("youtube", "YouTube"),
    ("bluesky", "Bluesky"),
]


class MainMenu(TranslatableMixin, models.Model):
    """The header's links and its call-to-action buttons. The first menu of a language is used."""

    name = models.CharField(_("name"), max_length=60, default=_("Main menu"))
    links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("links"))
    buttons = StreamField(
        [("button", ButtonBlock())], blank=True, max_num=2, verbose_name=_("buttons")
    )

    panels = [FieldPanel("name"), FieldPanel("links"), FieldPanel("buttons")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("main menu")
        verbose_name_plural = _("main menus")

    def __str__(self) -> str:
        return self.name


class FooterColumnBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=60)
    links = blocks.ListBlock(LinkBlock(), label=_("Links"))

    class Meta:
        icon = "list-ul"
        label_format = "{heading}"


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(label=_("Network"), choices=SOCIAL_NETWORKS)
    url = blocks.URLBlock(label=_("Profile URL"))

    class Meta:
        icon = "site"


class Footer(TranslatableMixin, models.Model):
    """The footer: a tagline, columns of links, social profiles and the legal line."""

    name = models.CharField(_("name"), max_length=60, default=_("Footer"))
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    columns = StreamField(
        [("column", FooterColumnBlock())], blank=True, max_num=4, verbose_name=_("columns")
    )
    social_links = StreamField(
        [("social", SocialLinkBlock())], blank=True, verbose_name=_("social profiles")
    )
    legal_links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("legal links"))
    copyright = models.CharField(
        _("copyright holder"), max_length=120, blank=True, help_text=_("Defaults to the site name.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("tagline"),
        FieldPanel("columns"),
        FieldPanel("social_links"),
        FieldPanel("legal_links"),
        FieldPanel("copyright"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer")
        verbose_name_plural = _("footers")

    def __str__(self) -> str:
        return self.name
