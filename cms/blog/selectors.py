"""Reads for the blog: the filtered, paginated listing, the filter lists, a post's details and
related posts. Query counts stay flat however many posts there are (tests assert it)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, QueryDict
from django.utils.translation import get_language
from taggit.models import Tag

from cms.blocks.images import attach_renditions, load_images
from cms.blog.models import Author, BlogCategory, BlogIndexPage, BlogPostPage
from cms.content_cache import cached_content
from cms.pages.selectors import readable

FILTERS = ("tag", "category", "author")
# The deepest page a listing may ask for: far beyond any real blog, and small enough that the
# OFFSET it makes fits every database's integer (2**63 made SQLite and PostgreSQL fail with 500).
MAX_PAGE = 100_000
# What a tag, category or author slug may look like (Django's slugs, Unicode allowed).
SLUG = re.compile(r"[-\w]{1,255}")


@dataclass(frozen=True)
class FilterOption:
    slug: str
    name: str
    count: int


@dataclass(frozen=True)
class FilterOptions:
    tags: list[FilterOption] = field(default_factory=list)
    categories: list[FilterOption] = field(default_factory=list)
    authors: list[FilterOption] = field(default_factory=list)

    def name_of(self, kind: str, slug: str) -> str:
        options = {"tag": self.tags, "category": self.categories, "author": self.authors}[kind]
        return next((o.name for o in options if o.slug == slug), slug)


@dataclass(frozen=True)
class FilterLink:
    name: str
    url: str
    count: int
    active: bool


@dataclass(frozen=True)
class FilterGroup:
    kind: str
    links: list[FilterLink]


@dataclass
class BlogListing:
    """One page of the newsfeed, with the links a visitor can follow from it.

    Pages are "newer" and "older" rather than numbered: fetching one post more than a page
    shows whether there is a next page, and saves the COUNT query a numbered pager needs.
    """

    index: BlogIndexPage
    posts: list[BlogPostPage]
    number: int
    has_next: bool
    active: dict[str, str]
    options: FilterOptions
    base_url: str

    @property
    def active_labels(self) -> list[tuple[str, str]]:
        """(kind, name) for each filter in use, for the "showing posts tagged X" line."""
        return [(kind, self.options.name_of(kind, slug)) for kind, slug in self.active.items()]

    def url(self, **changes: Any) -> str:
        """This listing's URL with some parameters changed (None removes one); the page number
        resets unless it is one of the changes."""
        params: dict[str, Any] = dict(self.active)
        for key, value in changes.items():
            if value in (None, ""):
                params.pop(key, None)
            else:
                params[key] = value
        return f"{self.base_url}?{urlencode(params)}" if params else self.base_url

    @property
    def filter_groups(self) -> list[FilterGroup]:
        """Categories, tags and authors as links that switch that filter on, or off if on."""
        groups = []
        for kind, options in (
            ("category", self.options.categories),
            ("tag", self.options.tags),
            ("author", self.options.authors),
        ):
            links = []
            for option in options:
                active = self.active.get(kind) == option.slug
                links.append(
                    FilterLink(
                        name=option.name,
                        url=self.url(**{kind: None if active else option.slug}),
                        count=option.count,
                        active=active,
                    )
                )
            groups.append(FilterGroup(kind=kind, links=links))
        return groups

    @property
    def clear_url(self) -> str:
        return self.base_url

    @property
    def previous_url(self) -> str:
        if self.number <= 1:
            return ""
        return self.url(page=self.number - 1 if self.number > 2 else None)

    @property
    def next_url(self) -> str:
        return self.url(page=self.number + 1) if self.has_next else ""


def live_posts(index: BlogIndexPage) -> QuerySet[BlogPostPage]:
    return readable(BlogPostPage.objects.child_of(index))


def with_card_data(posts: QuerySet[BlogPostPage]) -> QuerySet[BlogPostPage]:
    """What a post card shows, joined or prefetched (renditions come from `load_cards`).

    Not the body: a card never shows it, and the listing's `DISTINCT` would read and sort every
    post's whole StreamField JSON (most of the blog index's query time, profiled)."""
    return (
        posts.select_related("author", "hero_image", "author__photo")
        .defer("body")
        .prefetch_related(Prefetch("categories", queryset=BlogCategory.objects.order_by("name")))
    )


def load_cards(posts: QuerySet[BlogPostPage]) -> list[BlogPostPage]:
    """Evaluate a card queryset, then fetch every hero and author photo rendition at once."""
    found = list(with_card_data(posts))
    attach_renditions(
        [post.hero_image for post in found]
        + [post.author.photo for post in found if post.author is not None]
    )
    return found


def filter_options(index: BlogIndexPage) -> FilterOptions:
    """Tags, categories and authors that have live posts, with counts; cached."""

    def build() -> FilterOptions:
        post_ids = live_posts(index).values("pk")
        tags = (
            Tag.objects.filter(blog_blogposttag_items__content_object__in=post_ids)
            .annotate(n=Count("blog_blogposttag_items", distinct=True))
            .order_by("-n", "name")[:20]
        )
        categories = (
            BlogCategory.objects.filter(posts__in=post_ids)
            .annotate(n=Count("posts", distinct=True))
            .order_by("name")
        )
        authors = (
            Author.objects.filter(posts__in=post_ids)
            .annotate(n=Count("posts", distinct=True))
            .order_by("name")
        )
        return FilterOptions(
            tags=[FilterOption(t.slug, t.name, t.n) for t in tags],
            categories=[FilterOption(c.slug, c.name, c.n) for c in categories],
            authors=[FilterOption(a.slug, a.name, a.n) for a in authors],
        )

    return cached_content(f"blog-filters:{index.pk}", build)


@dataclass(frozen=True)
class ListingRequest:
    """Which page of the newsfeed a request asks for, its parameters checked (no query yet):
    enough for the page's head (noindex on filtered and later pages) and to name the listing's
    rendered markup in the site-content cache."""

    index: BlogIndexPage
    active: dict[str, str]
    number: int
    base_url: str

    @property
    def cache_name(self) -> str:
        """The listing's name in the site-content cache: the index, its page size, the
        language and this listing's address (its filters in a fixed order and the page), never
        the raw query string, so `?utm_source=` and friends share the entry."""
        described = json.dumps(
            [self.base_url, self.index.posts_per_page, self.active, self.number], sort_keys=True
        )
        digest = hashlib.blake2b(described.encode(), digest_size=12).hexdigest()
        return f"blog-listing:{self.index.pk}:{get_language()}:{digest}"


def listing_request(
    index: BlogIndexPage, params: QueryDict | dict[str, Any], *, request: HttpRequest | None = None
) -> ListingRequest:
    """The ?tag=, ?category=, ?author= and ?page= asked for. A page number that is not a whole
    number from 1 up and a filter value that cannot be a slug are pages that do not exist:
    Http404, never a 500."""
    active = {kind: str(params[kind]) for kind in FILTERS if params.get(kind)}
    for kind, slug in active.items():
        if not SLUG.fullmatch(slug):
            raise Http404(f"No such {kind}.")
    return ListingRequest(
        index=index,
        active=active,
        number=page_number(params.get("page")),
        # With the request, Wagtail takes the site root paths the page cache already read.
        base_url=index.get_url(request) or "/",
    )


def load_listing(wanted: ListingRequest) -> BlogListing:
    """The posts of a listing request. A page past the last one is a page that does not exist
    (Http404); a well-formed filter that matches nothing shows the "no posts match" state."""
    index, active, number = wanted.index, wanted.active, wanted.number
    posts = live_posts(index)
    if "tag" in active:
        posts = posts.filter(tags__slug=active["tag"])
    if "category" in active:
        posts = posts.filter(categories__slug=active["category"])
    if "author" in active:
        posts = posts.filter(author__slug=active["author"])
    size = max(1, index.posts_per_page)
    start = (number - 1) * size
    found = load_cards(posts.order_by("-date", "-pk").distinct()[start : start + size + 1])
    if number > 1 and not found:
        raise Http404("No such page of posts.")
    return BlogListing(
        index=index,
        posts=found[:size],
        number=number,
        has_next=len(found) > size,
        active=active,
        options=filter_options(index),
        base_url=wanted.base_url,
    )


def blog_listing(
    index: BlogIndexPage, params: QueryDict | dict[str, Any], *, request: HttpRequest | None = None
) -> BlogListing:
    """One page of the newsfeed for the given ?tag=, ?category=, ?author= and ?page=, loaded
    (404 as `listing_request` and `load_listing` say)."""
    return load_listing(listing_request(index, params, request=request))


def page_number(value: Any) -> int:
    """?page= as a number from 1 to MAX_PAGE; absent or empty means 1; anything else is 404."""
    if value in (None, ""):
        return 1
    text = str(value)
    if not (text.isascii() and text.isdigit() and len(text) <= 6) or not 1 <= int(text) <= MAX_PAGE:
        raise Http404("No such page of posts.")
    return int(text)


def post_details(post: BlogPostPage, *, cached: bool = True) -> dict[str, Any]:
    """Hero image, author, tags, categories and related posts for a post page; cached as one piece
    (previews pass cached=False, since they show unsaved tags and categories)."""

    def build() -> dict[str, Any]:
        author = (
            Author.objects.select_related("photo").filter(pk=post.author_id).first()
            if post.author_id
            else None
        )
        if author is not None:
            attach_renditions([author.photo])
        parent = post.get_parent()
        hero = post.hero_image_id
        return {
            "blog_url": (parent.url if parent else "") or "/",
            # With its renditions, so the hero's picture (cached per image) needs no query.
            "hero_image": load_images([hero]).get(hero) if hero else None,
            "author": author,
            "tags": sorted(post.tags.all(), key=lambda tag: tag.name.lower()),
            "categories": sorted(post.categories.all(), key=lambda c: c.name.lower()),
            "related_posts": related_posts(post),
        }

    return cached_content(f"post-details:{post.pk}", build) if cached else build()


def related_posts(post: BlogPostPage, limit: int = 3) -> list[BlogPostPage]:
    """Posts sharing the most tags and categories with this one, newest first; else the latest."""
    tag_ids = list(post.tags.values_list("pk", flat=True))
    category_ids = list(post.categories.values_list("pk", flat=True))
    siblings = readable(BlogPostPage.objects.sibling_of(post, inclusive=False))
    shared = (
        siblings.filter(Q(tags__in=tag_ids) | Q(categories__in=category_ids))
        .annotate(
            shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
            + Count("categories", filter=Q(categories__in=category_ids), distinct=True)
        )
        .order_by("-shared", "-date", "-pk")
    )
    chosen = list(shared.values_list("pk", flat=True)[:limit])
    if len(chosen) < limit:
        chosen += list(
            siblings.exclude(pk__in=chosen)
            .order_by("-date", "-pk")
            .values_list("pk", flat=True)[: limit - len(chosen)]
        )
    found = {post.pk: post for post in load_cards(BlogPostPage.objects.filter(pk__in=chosen))}
    return [found[pk] for pk in chosen if pk in found]
