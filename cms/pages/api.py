"""Read-only pages for headless use: every published page anyone may read on the site."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from wagtail.models import Page

from cms.blog.selectors import readable
from site_apps.api.caching import CachedPublicListMixin
from site_apps.api.views import ThrottleFirst


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A page",
            value={
                "id": 3,
                "title": "About",
                "slug": "about",
                "url": "/about/",
                "type": "pages.standardpage",
                "seo_title": "",
                "search_description": "Who we are.",
                "first_published_at": "2026-11-02T09:30:00Z",
                "last_published_at": "2026-11-20T16:05:00Z",
            },
            response_only=True,
        )
    ]
)
class PageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField(help_text='The page type, e.g. "blog.blogpostpage".')

    class Meta:
        model = Page
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "type",
            "seo_title",
            "search_description",
            "first_published_at",
            "last_published_at",
        ]
        read_only_fields = fields

    def get_url(self, page: Page) -> str:
        return page.get_url(self.context.get("request")) or ""

    def get_type(self, page: Page) -> str:
        return page.specific_class._meta.label_lower if page.specific_class else ""


@extend_schema(tags=["content"])
class PageViewSet(ThrottleFirst, CachedPublicListMixin, viewsets.ReadOnlyModelViewSet):
    """Published pages (of every type) anyone may read on the site; blog posts have their own
    endpoint with their body."""

    serializer_class = PageSerializer
    lookup_value_converter = "int"
    cursor_ordering = ("path", "pk")

    def get_queryset(self) -> QuerySet[Page]:
        return readable(Page.objects.filter(depth__gt=1))
