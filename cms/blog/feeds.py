"""RSS 2.0 and Atom feeds of a blog index's newest posts (Django's syndication framework)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from cms.blog.models import BlogIndexPage, BlogPostPage
from cms.blog.selectors import live_posts

FEED_SIZE = 20


class BlogRssFeed(Feed[Any, Any]):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, index: BlogIndexPage) -> BlogIndexPage:
        return index

    def title(self, index: BlogIndexPage) -> str:
        return index.get_meta_title()

    def link(self, index: BlogIndexPage) -> str:
        return index.get_url(self.request) or "/"

    def description(self, index: BlogIndexPage) -> str:
        return index.get_meta_description()

    def items(self, index: BlogIndexPage) -> list[BlogPostPage]:
        return list(live_posts(index).select_related("author").order_by("-date", "-pk")[:FEED_SIZE])

    def item_title(self, item: BlogPostPage) -> str:
        return item.title

    def item_description(self, item: BlogPostPage) -> str:
        return item.intro

    def item_link(self, item: BlogPostPage) -> str:
        return item.get_url(self.request) or "/"

    def item_author_name(self, item: BlogPostPage) -> str | None:
        return item.author.name if item.author else None

    def item_pubdate(self, item: BlogPostPage) -> datetime:
        return timezone.make_aware(datetime.combine(item.date, time(9, 0)))

    def item_updateddate(self, item: BlogPostPage) -> datetime:
        return item.last_published_at or self.item_pubdate(item)


class BlogAtomFeed(BlogRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index: BlogIndexPage) -> str:
        return index.get_meta_description()
