"""Keep translated blog posts filed under categories of their own language.

wagtail-localize translates a post's author (a foreign key to a translatable snippet) but copies
its categories (a many-to-many field) as they are, so a Spanish post would list the English
categories. When a post is published, each category from another language is swapped for its
translation in the post's language, when there is one.
"""

from __future__ import annotations

from typing import Any

from cms.blog.models import BlogCategory, BlogPostPage


def localize_post_categories(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not isinstance(instance, BlogPostPage):
        return
    categories = list(instance.categories.all())
    if all(category.locale_id == instance.locale_id for category in categories):
        return
    translated = {
        category.translation_key: category
        for category in BlogCategory.objects.filter(
            translation_key__in=[c.translation_key for c in categories],
            locale_id=instance.locale_id,
        )
    }
    instance.categories = [translated.get(c.translation_key, c) for c in categories]
    instance.save(clean=False)
