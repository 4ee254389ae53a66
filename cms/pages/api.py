"""Read-only pages for headless use: every published page anyone may read on the site."""

from __future__ import annotations

import re
from typing import Any, cast

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from cms.pages.selectors import readable
from site_apps.common.api.caching import CachedPublicListMixin
from site_apps.common.api.views import ThrottleFirst


def content_languages() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def default_content_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


class LocaleFilter(serializers.Serializer[Any]):
    """`?locale=`: one language at a time. The default is the site's default language, not
    the request's Accept-Language: a program's answers then do not change with the machine it
    runs on, and a cursor stays valid whoever follows it."""

    locale = serializers.ChoiceField(choices=[], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(serializers.ChoiceField, self.fields["locale"]).choices = content_languages()

    @classmethod
    def language_of(cls, request: Request) -> str:
        """The asked language, or `ValidationError` naming `locale`."""
        asked = request.query_params.getlist("locale")
        if len(asked) > 1:
            raise serializers.ValidationError({"locale": [_("Ask for one language at a time.")]})
        # A plain dict, not the QueryDict: DRF reads an empty value in a QueryDict as "not
        # sent", and `?locale=` would quietly answer in the default language.
        parsed = cls(data={"locale": asked[0]} if asked else {})
        parsed.is_valid(raise_exception=True)
        return str(parsed.validated_data.get("locale") or default_content_language())


def locale_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "locale",
        OpenApiTypes.STR,
        enum=content_languages(),
        default=default_content_language(),
        description=(
            "The language of the content listed: one at a time, the site's default language "
            "unless asked. Each result's `locale` says its language."
        ),
    )


LOCALE_FIELD_HELP = "The content's language code (en, es, fr, ar)."


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
                "locale": "en",
                "seo_title": "",
                "search_description": "Who we are.",
                "first_published_at": "2026-11-02T09:30:00Z",
                "last_published_at": "2026-11-20T16:05:00Z",
            },
            response_only=True,
        )
    ]
)
class PageSerializer(serializers.ModelSerializer[Page]):
    locale = serializers.CharField(
        source="locale.language_code", read_only=True, help_text=LOCALE_FIELD_HELP
    )
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
            "locale",
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
@extend_schema_view(list=extend_schema(parameters=[locale_parameter()]))
class PageViewSet(ThrottleFirst, CachedPublicListMixin, viewsets.ReadOnlyModelViewSet[Page]):
    """Published pages (of every type) anyone may read on the site, in one language at a time
    (`?locale=`); blog posts have their own endpoint with their body."""

    serializer_class = PageSerializer
    lookup_value_converter = "id"
    cursor_ordering = ("path", "pk")
    # A position is a tree path: steps of `steplen` characters of treebeard's alphabet.
    cursor_position_pattern = re.compile(rf"(?:[{re.escape(Page.alphabet)}]{{{Page.steplen}}})+")

    def get_queryset(self) -> QuerySet[Page]:
        pages = readable(Page.objects.filter(depth__gt=1)).select_related("locale")
        if self.action == "list":
            pages = pages.filter(locale__language_code=LocaleFilter.language_of(self.request))
        return pages
