"""Read-only blog posts for headless use: the same posts a visitor may read on the site."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from taggit.models import Tag

from cms.blog.models import BlogCategory, BlogPostPage
from cms.pages.api import LOCALE_FIELD_HELP, LocaleFilter, locale_parameter
from cms.pages.selectors import readable
from site_apps.common.api.caching import CachedPublicListMixin
from site_apps.common.api.views import ThrottleFirst

POST_EXAMPLE = {
    "id": 42,
    "title": "Shipping faster with themes",
    "slug": "shipping-faster-with-themes",
    "url": "/blog/shipping-faster-with-themes/",
    "locale": "en",
    "date": "2026-11-20",
    "intro": "How seven themes came from one set of blocks.",
    "author": {"name": "Ada Lovelace", "slug": "ada-lovelace"},
    "categories": [{"name": "Design", "slug": "design"}],
    "tags": ["themes"],
    "reading_minutes": 4,
}


class AuthorSummarySerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    slug = serializers.CharField()


class CategorySerializer(serializers.ModelSerializer[BlogCategory]):
    class Meta:
        model = BlogCategory
        fields = ["name", "slug"]


@extend_schema_serializer(
    examples=[OpenApiExample("A post", value=POST_EXAMPLE, response_only=True)]
)
class BlogPostSerializer(serializers.ModelSerializer[BlogPostPage]):
    url = serializers.SerializerMethodField()
    locale = serializers.CharField(
        source="locale.language_code", read_only=True, help_text=LOCALE_FIELD_HELP
    )
    author = AuthorSummarySerializer(read_only=True, allow_null=True)
    categories = CategorySerializer(many=True, read_only=True)
    tags = serializers.SerializerMethodField()

    class Meta:
        model = BlogPostPage
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "locale",
            "date",
            "intro",
            "author",
            "categories",
            "tags",
            "reading_minutes",
        ]
        read_only_fields = fields

    def get_url(self, post: BlogPostPage) -> str:
        return post.get_url(self.context.get("request")) or ""

    def get_tags(self, post: BlogPostPage) -> list[str]:
        return sorted(item.tag.name for item in post.tagged_items.all())


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A post with its body",
            value=POST_EXAMPLE
            | {
                "body": [
                    {
                        "type": "rich_text",
                        "value": {"text": "<p>Hello.</p>", "width": "narrow"},
                        "id": "0c1d2e3f-aaaa-bbbb-cccc-1234567890ab",
                    }
                ]
            },
            response_only=True,
        )
    ]
)
class BlogPostDetailSerializer(BlogPostSerializer):
    body = serializers.SerializerMethodField(help_text="StreamField blocks as stored.")

    class Meta(BlogPostSerializer.Meta):
        fields = [*BlogPostSerializer.Meta.fields, "body"]
        read_only_fields = fields

    def get_body(self, post: BlogPostPage) -> list[dict[str, Any]]:
        return list(post.body.get_prep_value())


@extend_schema(tags=["content"])
@extend_schema_view(list=extend_schema(parameters=[locale_parameter()]))
class BlogPostViewSet(
    ThrottleFirst, CachedPublicListMixin, viewsets.ReadOnlyModelViewSet[BlogPostPage]
):
    """Published blog posts anyone may read on the site, newest first, in one language at a
    time (`?locale=`)."""

    lookup_value_converter = "id"
    cursor_ordering = ("-date", "-pk")

    def get_queryset(self) -> QuerySet[BlogPostPage]:
        posts = readable(BlogPostPage.objects.all())
        if self.action == "list":
            posts = posts.filter(locale__language_code=LocaleFilter.language_of(self.request))
        return posts.select_related("author", "locale").prefetch_related(
            Prefetch("categories", queryset=BlogCategory.objects.order_by("name")),
            Prefetch("tagged_items__tag", queryset=Tag.objects.all()),
        )

    def get_serializer_class(self) -> type[serializers.Serializer[Any]]:
        return BlogPostDetailSerializer if self.action == "retrieve" else BlogPostSerializer
