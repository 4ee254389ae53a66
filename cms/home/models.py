from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's root page: one per site, directly under Wagtail's root."""

    intro = models.CharField(max_length=255, blank=True)
    body = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    template = "pages/home_page.html"
