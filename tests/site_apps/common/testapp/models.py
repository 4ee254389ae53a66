from django.db import models

from site_apps.common.models import (
    Annotatable,
    Authorable,
    AuthorableQuerySet,
    Expirable,
    Locatable,
    Permalinkable,
    Publishable,
    PublishableQuerySet,
    Timestampable,
)


# django-stubs types each trait's manager on its own; combining them is the documented pattern.
class ArticleQuerySet(PublishableQuerySet, AuthorableQuerySet):  # type: ignore[override]
    pass


class Article(Timestampable, Authorable, Publishable, Permalinkable, Annotatable):
    title = models.CharField(max_length=200)

    url_name = "article-detail"
    slug_source = "title"

    objects = ArticleQuerySet.as_manager()  # type: ignore[assignment,misc]


class Coupon(Expirable):
    code = models.CharField(max_length=20)


class Venue(Locatable):
    name = models.CharField(max_length=100)
