"""schema.org data for JSON-LD: who publishes the site, and what a blog post is."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static


def absolute(request: HttpRequest | None, url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return f"{settings.SITE_URL}{url}"


def organization(request: HttpRequest | None, same_as: list[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute(request, "/"),
        "logo": absolute(request, static("img/icon-512.png")),
    }
    if same_as:
        data["sameAs"] = same_as
    return data


def blog_posting(
    request: HttpRequest | None,
    post: Any,
    *,
    author: Any = None,
    tags: list[Any] = (),  # type: ignore[assignment]
    image_url: str | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.get_meta_description(),
        "mainEntityOfPage": post.get_full_url(request),
        "datePublished": post.date.isoformat(),
        "dateModified": (
            post.last_published_at.isoformat() if post.last_published_at else post.date.isoformat()
        ),
        "wordCount": post.word_count,
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "logo": {"@type": "ImageObject", "url": absolute(request, static("img/icon-512.png"))},
        },
    }
    if author is not None:
        data["author"] = {"@type": "Person", "name": author.name}
        if author.website:
            data["author"]["url"] = author.website
    if image_url:
        data["image"] = [absolute(request, image_url)]
    keywords = [tag.name for tag in tags]
    if keywords:
        data["keywords"] = ", ".join(keywords)
    return data
