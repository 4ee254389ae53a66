from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BODY_BLOCKS
from cms.navigation.selectors import footer
from cms.pages.privacy import CachedViewRestrictionsMixin
from cms.seo.models import SeoMixin
from cms.seo.structured_data import organization
from cms.theme.preview import ThemePreviewMixin


class HomePage(CachedViewRestrictionsMixin, ThemePreviewMixin, SeoMixin, Page):  # type: ignore[django-manager-missing]
    """The site's root page: a landing page built from design-system blocks."""

    intro = models.CharField(
        _("summary"),
        max_length=255,
        blank=True,
        help_text=_(
            "One sentence about the product; the meta description falls back to it. Shown "
            "under the title unless the body opens with a hero marked as the page's main "
            "heading, which then replaces both."
        ),
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

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.preload_images(self.body)
        context = super().get_context(request, *args, **kwargs)
        context["organization_data"] = organization(
            request, same_as=[social.url for social in footer().social]
        )
        return context


class DemoContent(models.Model):
    """One thing `manage.py load_demo` created, by its translation key.

    The loader changes, translates and publishes only what is recorded here, never an editor's
    page or snippet. A record beside the content, rather than a "demo" flag on every page and
    snippet model: copying a page or translating it copies its fields (a flag would follow an
    editor's copy), and a translation key is shared by all of an object's translations and never
    reused, so one row covers the English page and its Spanish, French and Arabic versions.
    """

    translation_key = models.UUIDField(unique=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("demo content")
        verbose_name_plural = _("demo content")

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.translation_key}"
