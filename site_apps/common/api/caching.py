"""Cached list answers for the public content endpoints (pages, blog posts).

What they list is the same for every caller (published pages anyone may read), so each list
page is built once per content version (cms/content_cache.py: every publish, unpublish or move
makes a new one) and per URL and language. Authentication, throttles and permissions still run
for every request; only the queries and serialisation are saved. Conditional GETs (ETag, 304)
come from Django's ConditionalGetMiddleware, for every read endpoint.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from rest_framework.request import Request
from rest_framework.response import Response

from cms.content_cache import cached_content


class CachedPublicListMixin:
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        name = "api-list:" + "|".join(
            (
                getattr(self, "basename", None) or type(self).__name__,
                request.get_host(),
                request.get_full_path(),
                get_language() or "",
            )
        )

        def build() -> Any:
            data = super(CachedPublicListMixin, self).list(request, *args, **kwargs).data  # type: ignore[misc]
            return {"data": data}  # never None, so an empty answer is cached too

        return Response(cached_content(name, build)["data"])
