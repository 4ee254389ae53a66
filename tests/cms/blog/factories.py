from __future__ import annotations

from datetime import date, timedelta

from wagtail.models import Locale

from cms.blog.models import Author, BlogCategory, BlogIndexPage, BlogPostPage
from tests.cms.images import make_image


def make_blog(home, slug: str = "blog") -> BlogIndexPage:
    blog = home.add_child(instance=BlogIndexPage(title="Blog", slug=slug, posts_per_page=9))
    blog.save_revision().publish()
    return blog


def make_author(name: str, with_photo: bool = True) -> Author:
    return Author.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        role="Writer",
        locale=Locale.get_default(),
        photo=make_image(f"{name} photo", (300, 300)) if with_photo else None,
    )


def make_category(name: str) -> BlogCategory:
    return BlogCategory.objects.create(name=name, slug=name.lower(), locale=Locale.get_default())


def make_posts(
    blog, count: int, *, author=None, categories=(), tags=(), start: int = 0, image=None
):
    """`count` published posts, newest first by date, each with a hero image."""
    posts = []
    image = image or make_image("Post hero")
    for n in range(start, start + count):
        post = BlogPostPage(
            title=f"Post number {n}",
            slug=f"post-{n}",
            intro=f"The summary of post {n}.",
            date=date(2026, 1, 1) + timedelta(days=n),
            author=author,
            hero_image=image,
            body=[("rich_text", {"text": f"<p>Body of post {n}.</p>", "width": "narrow"})],
        )
        post.categories = list(categories)
        if tags:
            post.tags.add(*tags)
        blog.add_child(instance=post)
        post.save_revision().publish()
        posts.append(post)
    return posts
