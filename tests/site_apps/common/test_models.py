from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.common.testapp.models import Article, Coupon, Venue

pytestmark = pytest.mark.django_db


def test_timestampable_sets_created_once_and_updated_on_every_save():
    article = Article.objects.create(title="First")
    created, updated = article.created_at, article.updated_at
    assert created is not None
    assert updated >= created

    article.title = "Renamed"
    article.save()
    article.refresh_from_db()
    assert article.created_at == created
    assert article.updated_at > updated
    assert Article.objects.latest() == article


def test_authorable_keeps_the_row_when_the_author_is_deleted():
    author, other = UserFactory(), UserFactory()
    article = Article.objects.create(title="Mine", author=author)

    assert article.is_authored_by(author)
    assert not article.is_authored_by(other)
    assert list(Article.objects.authored_by(author)) == [article]

    author.delete()
    article.refresh_from_db()
    assert article.author is None


def test_publishable_separates_live_scheduled_and_draft_rows():
    now = timezone.now()
    live = Article.objects.create(title="Live", published_at=now - timedelta(hours=1))
    scheduled = Article.objects.create(title="Soon", published_at=now + timedelta(days=1))
    draft = Article.objects.create(title="Draft")

    assert list(Article.objects.published(now)) == [live]
    assert list(Article.objects.scheduled(now)) == [scheduled]
    assert list(Article.objects.drafts()) == [draft]
    assert live.is_published(now)
    assert not scheduled.is_published(now)
    assert scheduled.is_published(now + timedelta(days=2))

    draft.publish(at=now)
    assert draft.is_published(now)
    draft.unpublish()
    assert not draft.is_published()


def test_expirable_treats_no_date_as_never_expiring():
    now = timezone.now()
    forever = Coupon.objects.create(code="FOREVER")
    running = Coupon.objects.create(code="RUNNING", expires_at=now + timedelta(days=1))
    gone = Coupon.objects.create(code="GONE", expires_at=now - timedelta(seconds=1))

    assert set(Coupon.objects.unexpired(now)) == {forever, running}
    assert list(Coupon.objects.expired(now)) == [gone]
    assert gone.is_expired(now)
    assert not forever.is_expired(now)

    running.expire(at=now)
    assert running.is_expired(now)


@override_settings(ROOT_URLCONF="tests.site_apps.common.testapp.urls")
def test_permalinkable_fills_a_unique_slug_and_builds_the_url():
    first = Article.objects.create(title="Hello World")
    second = Article.objects.create(title="Hello world!")
    explicit = Article.objects.create(title="Anything", slug="chosen")

    assert first.slug == "hello-world"
    assert second.slug == "hello-world-2"
    assert explicit.slug == "chosen"
    assert first.get_absolute_url() == "/articles/hello-world/"

    first.title = "Changed title"
    first.save()
    assert first.slug == "hello-world", "a saved slug is a permalink and never changes by itself"


def test_locatable_formats_the_address_and_filters_by_place():
    lisbon = Venue.objects.create(
        name="Office",
        address="Rua Augusta 1",
        city="Lisboa",
        postal_code="1100-048",
        country="PT",
        latitude=Decimal("38.710"),
        longitude=Decimal("-9.137"),
    )
    nowhere = Venue.objects.create(name="Remote")

    assert lisbon.formatted_address() == "Rua Augusta 1, 1100-048 Lisboa, PT"
    assert nowhere.formatted_address() == ""
    assert lisbon.has_coordinates
    assert not nowhere.has_coordinates
    assert list(Venue.objects.in_country("pt")) == [lisbon]
    box = Venue.objects.within_box(Decimal(38), Decimal(-10), Decimal(39), Decimal(-9))
    assert list(box) == [lisbon]
    assert not Venue.objects.within_box(Decimal(40), Decimal(-10), Decimal(41), Decimal(-9))


def test_annotatable_keeps_notes_per_row_and_deletes_them_with_it():
    staff = UserFactory()
    article = Article.objects.create(title="Annotated")
    other = Article.objects.create(title="Other")

    note = article.add_note("Checked with legal.", author=staff)
    other.add_note("Unrelated.")

    assert list(article.notes.all()) == [note]
    assert note.target == article
    assert note.author == staff
    assert Article.objects.filter(notes__text__contains="legal").get() == article

    article.delete()
    assert other.notes.count() == 1
    from site_apps.common.models import Note

    assert Note.objects.count() == 1
