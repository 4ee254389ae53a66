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


class ArticleQuerySet(PublishableQuerySet, AuthorableQuerySet):
    pass


class Article(Timestampable, Authorable, Publishable, Permalinkable, Annotatable):
    title = models.CharField(max_length=200)

    url_name = "article-detail"
    slug_source = "title"

    objects = ArticleQuerySet.as_manager()


class Coupon(Expirable):
    code = models.CharField(max_length=20)


class Venue(Locatable):
    name = models.CharField(max_length=100)
