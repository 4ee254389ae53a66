"""The blog: its index page, posts (wagtail-factories, with StreamField bodies), authors,
categories and tags; `make_*` tell the common stories in one call."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import factory
import wagtail_factories
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.images.models import Image
from wagtail.models import Locale, Page

from cms.blog.models import Author, BlogCategory, BlogIndexPage, BlogPostPage, BlogPostTag
from tests.cms.blocks.factories import article_body
from tests.cms.home.factories import site_with_home
from tests.cms.images import make_image


class AuthorFactory(factory.django.DjangoModelFactory[Author]):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.LazyAttribute(lambda author: slugify(author.name))
    role = "Writer"
    locale = factory.LazyFunction(Locale.get_default)


class BlogCategoryFactory(factory.django.DjangoModelFactory[BlogCategory]):
    class Meta:
        model = BlogCategory

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda category: slugify(category.name))
    locale = factory.LazyFunction(Locale.get_default)


class BlogIndexPageFactory(
    wagtail_factories.PageFactory, factory.django.DjangoModelFactory[BlogIndexPage]
):
    """The blog, under the site's home page unless given a `parent`."""

    class Meta:
        model = BlogIndexPage

    parent = factory.LazyFunction(site_with_home)
    title = "Blog"
    slug = factory.Sequence(lambda n: f"blog-{n}")
    posts_per_page = 9


class BlogPostPageFactory(
    wagtail_factories.PageFactory, factory.django.DjangoModelFactory[BlogPostPage]
):
    """A post (one rich-text block), under a new blog unless given a `parent`."""

    class Meta:
        model = BlogPostPage

    parent = factory.SubFactory(BlogIndexPageFactory)
    title = factory.Sequence(lambda n: f"Post number {n}")
    intro = factory.LazyAttribute(lambda post: f"The summary of {post.title.lower()}.")
    body = article_body(first="rich_text")


class BlogPostTagFactory(factory.django.DjangoModelFactory[BlogPostTag]):
    """A post tagged with a word."""

    class Meta:
        model = BlogPostTag

    content_object = factory.SubFactory(BlogPostPageFactory)
    tag = factory.LazyFunction(lambda: Tag.objects.get_or_create(name="launch")[0])


def make_blog(home: Page, slug: str = "blog") -> BlogIndexPage:
    blog = BlogIndexPageFactory.create(parent=home, slug=slug)
    blog.save_revision().publish()
    return blog


def make_author(name: str, with_photo: bool = True) -> Author:
    return AuthorFactory.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        photo=make_image(f"{name} photo", (300, 300)) if with_photo else None,
    )


def make_category(name: str) -> BlogCategory:
    return BlogCategoryFactory.create(name=name, slug=name.lower())


def make_posts(
    blog: BlogIndexPage,
    count: int,
    *,
    author: Author | None = None,
    categories: Iterable[BlogCategory] = (),
    tags: Iterable[str] = (),
    start: int = 0,
    image: Image | None = None,
) -> list[BlogPostPage]:
    """`count` published posts, newest first by date, each with a hero image."""
    image = image or make_image("Post hero")
    posts = []
    for n in range(start, start + count):
        post = BlogPostPageFactory.build(
            parent=None,
            title=f"Post number {n}",
            slug=f"post-{n}",
            intro=f"The summary of post {n}.",
            date=date(2026, 1, 1) + timedelta(days=n),
            author=author,
            hero_image=image,
            body__0__rich_text__text=f"<p>Body of post {n}.</p>",
        )
        post.categories = list(categories)
        if tags:
            post.tags.add(*tags)
        blog.add_child(instance=post)
        post.save_revision().publish()
        posts.append(post)
    return posts
