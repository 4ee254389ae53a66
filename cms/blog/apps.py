from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "cms.blog"
    label = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from cms.blog.models import Author, BlogCategory
        from cms.content_cache import invalidate_on_change

        invalidate_on_change(Author, BlogCategory)
