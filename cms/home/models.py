from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BODY_BLOCKS
from cms.seo.models import SeoMixin
from cms.theme.preview import ThemePreviewMixin


class HomePage(ThemePreviewMixin, SeoMixin, Page):  # type: ignore[django-manager-missing]
    """The site's root page: a landing page built from design-system blocks."""

    intro = models.CharField(
        _("summary"),
        max_length=255,
        blank=True,
        help_text=_("One sentence about the product; the meta description falls back to it."),
    )
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = SeoMixin.promote_panels
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict:
        from cms.navigation.selectors import footer
        from cms.seo.structured_data import organization

        self.preload_images(self.body)
        context = super().get_context(request, *args, **kwargs)
        context["organization_data"] = organization(
            request, same_as=[social.url for social in footer().social]
        )
        return context
