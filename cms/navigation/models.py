"""The main menu and the footer, edited as snippets (one of each per language).

Like pages, they have drafts, revisions, a preview and scheduled publishing: visitors only ever
see the live version (cms/navigation/selectors.py filters on `live`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin, TranslatableMixin

from cms.blocks.base import ButtonBlock, LinkBlock

SOCIAL_NETWORKS = [
    ("github", "GitHub"),
    ("linkedin", "LinkedIn"),
    ("x", "X"),
    ("mastodon", "Mastodon"),
    ("youtube", "YouTube"),
    ("bluesky", "Bluesky"),
]


class MainMenu(PreviewableMixin, DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """The header's links and its call-to-action buttons. The first live menu of a language is
    used."""

    name = models.CharField(_("name"), max_length=60, default=_("Main menu"))
    links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("links"))
    buttons = StreamField(
        [("button", ButtonBlock())], blank=True, max_num=2, verbose_name=_("buttons")
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="main_menu")

    panels = [FieldPanel("name"), FieldPanel("links"), FieldPanel("buttons"), PublishingPanel()]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("main menu")
        verbose_name_plural = _("main menus")

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self) -> Any:
        return self._revisions

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "navigation/preview.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        # imported here: the selectors import this module's models
        from cms.navigation.selectors import menu_content

        return {"main_menu": menu_content(self), "previewing": self}


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


class Footer(PreviewableMixin, DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
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
        PublishingPanel(),
    ]
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="footer")

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer")
        verbose_name_plural = _("footers")

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self) -> Any:
        return self._revisions

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "navigation/preview.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        # imported here: the selectors import this module's models
        from cms.navigation.selectors import footer_content

        return {"footer": footer_content(self), "previewing": self}
