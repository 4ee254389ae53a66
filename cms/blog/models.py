"""The blog: an index (the newsfeed, with filters and feeds), posts, authors and categories."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from cms.blocks import ARTICLE_BLOCKS
from cms.blog.reading import count_words, reading_minutes
from cms.content_cache import cached_content, may_keep_rendered
from cms.pages.privacy import CachedViewRestrictionsMixin
from cms.seo.models import SeoMixin
from cms.seo.structured_data import blog_posting
from cms.theme.preview import ThemePreviewMixin

if TYPE_CHECKING:
    from cms.blog.selectors import ListingRequest


class Author(TranslatableMixin, index.Indexed, models.Model):  # type: ignore[django-manager-missing]
    """Someone who writes for the blog; not necessarily a user of the site."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=500)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self) -> str:
        return self.name


class BlogCategory(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.CharField(_("description"), max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("blog category")
        verbose_name_plural = _("blog categories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self) -> str:
        return self.name


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogIndexPage(  # type: ignore[django-manager-missing]
    CachedViewRestrictionsMixin, ThemePreviewMixin, RoutablePageMixin, SeoMixin, Page
):
    """The newsfeed: newest posts first, paginated, filterable by tag, category and author."""

    uses_htmx = True  # its filters and pages swap the list in place (base.html loads htmx)
    intro = models.TextField(_("introduction"), blank=True, max_length=400)
    posts_per_page = models.PositiveSmallIntegerField(_("posts per page"), default=9)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("posts_per_page")]
    promote_panels = SeoMixin.promote_panels

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    template = "pages/blog_index_page.html"

    class Meta:
        verbose_name = _("blog index page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # imported here: the selectors import this module's models
        from cms.blog.selectors import listing_request

        context = super().get_context(request, *args, **kwargs)
        wanted = listing_request(self, request.GET, request=request)  # 404 for bad parameters
        context["listing"] = wanted
        context["listing_markup"] = self.listing_markup(request, wanted)
        return context

    def listing_markup(self, request: HttpRequest, wanted: ListingRequest) -> SafeString:
        """The `listing` partial (filters, cards, pager) for this request, rendered once per
        content version and listing: a warm listing costs one cached piece, which the page
        cache's middleware fetches with the page's others, and no query. A full page and an
        htmx request share it. Not kept: previews, drafts, POSTs, and a filter that matches
        nothing (anyone can make those up); a page past the last one is a 404 before any store.
        """
        # imported here: the selectors import this module's models
        from cms.blog.selectors import load_listing

        worth_keeping = True

        def render() -> str:
            nonlocal worth_keeping
            listing = load_listing(wanted)
            worth_keeping = bool(listing.posts) or not listing.active
            context = {"page": self, "self": self, "listing": listing}
            return render_to_string(f"{self.template}#listing", context, request)

        if not may_keep_rendered(request) or not self.live:
            return mark_safe(render())  # noqa: S308
        markup = cached_content(wanted.cache_name, render, keep=lambda _: worth_keeping)
        return mark_safe(markup)  # noqa: S308

    def get_template(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        # htmx asks for just the list (the `listing` partial) when a filter or page link is used.
        htmx = getattr(request, "htmx", None)  # django-htmx's middleware sets it
        if htmx and not htmx.history_restore_request:
            return f"{self.template}#listing"
        return self.template

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        # A post's URL is one slug under the index: find it as a BlogPostPage in one query,
        # instead of Wagtail's generic child lookup followed by `.specific`.
        if len(path_components) == 1:
            post = BlogPostPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if post is not None:
                return post.route(request, [])
        return super().route(request, path_components)

    @path("feed/rss/", name="rss")
    def rss_feed(self, request: HttpRequest) -> Any:
        # imported here: the feeds import this module's models
        from cms.blog.feeds import BlogRssFeed

        return BlogRssFeed()(request, index=self)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request: HttpRequest) -> Any:
        # imported here: the feeds import this module's models
        from cms.blog.feeds import BlogAtomFeed

        return BlogAtomFeed()(request, index=self)


class BlogPostPage(CachedViewRestrictionsMixin, ThemePreviewMixin, SeoMixin, Page):  # type: ignore[django-manager-missing]
    """A post: hero image, author, date, tags, categories, a body of article blocks."""

    date = models.DateField(_("post date"), default=timezone.localdate)
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    intro = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences for lists and feeds.")
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ARTICLE_BLOCKS, verbose_name=_("body"))
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True)
    categories = ParentalManyToManyField(BlogCategory, blank=True, related_name="posts")
    word_count = models.PositiveIntegerField(_("words"), default=0, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), default=1, editable=False
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
                FieldPanel("categories"),
                FieldPanel("tags"),
            ],
            heading=_("Post details"),
        ),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    promote_panels = SeoMixin.promote_panels
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []
    template = "pages/blog_post_page.html"

    class Meta:
        verbose_name = _("blog post")
        ordering = ["-date"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Stored, not computed per view: lists show reading time without loading bodies.
        self.word_count = count_words(self.body.get_prep_value()) + count_words(self.intro)
        self.reading_minutes = reading_minutes(self.word_count)
        super().save(*args, **kwargs)

    def get_meta_description(self) -> str:
        return self.search_description or self.intro

    def fallback_social_image_id(self) -> int | None:
        return self.hero_image_id

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # imported here: the selectors import this module's models
        from cms.blog.selectors import post_details

        self.preload_images(self.body, extra_ids=(self.hero_image_id,))
        context = super().get_context(request, *args, **kwargs)
        context.update(post_details(self, cached=not getattr(request, "is_preview", False)))
        social = self.social_card()
        context["page_json_ld"] = blog_posting(
            request,
            self,
            author=context["author"],
            tags=context["tags"],
            image_url=social["url"] if social else None,
        )
        return context
