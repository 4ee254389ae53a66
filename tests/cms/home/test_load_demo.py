"""`manage.py load_demo`: builds the whole demo in four languages on a fresh site, and never
creates, translates, publishes or changes anything an editor made (issue 12: a second `make run`
published Spanish, French and Arabic copies of an editor's never-published draft)."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command
from wagtail.models import Page

from cms.blog.models import BlogPostPage
from cms.home.models import DemoContent
from cms.pages.models import StandardPage
from tests.cms.home.factories import site_with_home


def post_in(language: str) -> BlogPostPage:
    return BlogPostPage.objects.live().filter(locale__language_code=language).first()


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_builds_the_demo_in_four_languages_and_leaves_editors_pages_alone(db, client):
    home = site_with_home()
    draft = home.add_child(instance=StandardPage(title="Spring launch", slug="spring-launch"))
    draft.save_revision()  # an editor's draft, never published
    draft.unpublish()
    published = home.add_child(instance=StandardPage(title="Our team", slug="team"))
    published.save_revision().publish()
    before = {
        page.pk: (page.live, page.latest_revision_id, page.last_published_at, page.title)
        for page in Page.objects.filter(pk__in=[draft.pk, published.pk])
    }

    first = load_demo()
    assert "Created" in first, first
    assert "into ar, es, fr" in first, first
    assert len(first.splitlines()) <= 4, first
    english, spanish, arabic = (post_in(code) for code in ("en", "es", "ar"))
    assert english.translation_key == spanish.translation_key == arabic.translation_key
    assert spanish.title != english.title
    assert re.search(r"[\u0600-\u06ff]", arabic.title), arabic.title
    assert spanish.author.locale.language_code == "es"
    assert {c.locale.language_code for c in spanish.categories.all()} == {"es"}
    assert "Tarifs" in client.get("/fr/").content.decode()  # the French menu
    # Demo posts have real structure, so the typography shows, in every language.
    source = BlogPostPage.objects.get(slug="designing-the-block-library", locale=english.locale)
    headings = {"en": "Three rules", "es": "Tres reglas", "fr": "Trois règles", "ar": "ثلاث قواعد"}
    for language, heading in headings.items():
        post = BlogPostPage.objects.live().get(
            translation_key=source.translation_key, locale__language_code=language
        )
        html = client.get(post.url).content.decode()
        for tag in ("<h2", "<ol", "<blockquote", "<pre", "<img"):
            assert tag in html, (language, tag)
        assert heading in html, language

    live_after_first = set(Page.objects.live().values_list("pk", flat=True))
    second = load_demo()
    assert "nothing changed" in second, second
    assert set(Page.objects.live().values_list("pk", flat=True)) == live_after_first

    for page in Page.objects.filter(pk__in=[draft.pk, published.pk]):
        assert (page.live, page.latest_revision_id, page.last_published_at, page.title) == (
            before[page.pk]
        )
        # Never translated: the only page with its translation key is the editor's own.
        assert Page.objects.filter(translation_key=page.translation_key).count() == 1
    assert client.get("/es/spring-launch/").status_code == 404
    # Everything live is the demo's own, or the editor's page they published themselves.
    own = set(DemoContent.objects.values_list("translation_key", flat=True))
    strangers = Page.objects.live().exclude(translation_key__in=own).exclude(depth=1)
    assert list(strangers.values_list("pk", flat=True)) == [published.pk]


def test_the_demos_snippets_have_a_live_revision_so_a_scheduled_change_waits(db, client):
    """An editor scheduled a change to the demo's main menu, footer or a plan, and the live
    one vanished from the site at once: the loader had created them live without a revision,
    and Wagtail takes an object with no live revision off the site until the go-live date.
    A database from that loader is repaired by the next `load_demo` (each `make run`)."""
    import datetime

    from django.utils import timezone

    from cms.navigation.models import Footer, MainMenu
    from site_apps.billing.models import Plan

    site_with_home()
    load_demo()
    for model in (MainMenu, Footer, Plan):
        assert not model.objects.filter(live=True, live_revision__isnull=True).exists(), model

    menu = MainMenu.objects.get(locale__language_code="en")
    menu.links[0].value["label"] = "News"
    menu.go_live_at = timezone.now() + datetime.timedelta(days=3)  # the Schedule dialog
    menu.save_revision().publish()
    menu.refresh_from_db()
    assert menu.live
    page = client.get("/").content.decode()
    assert ">Blog<" in page
    assert ">News<" not in page

    # A snippet an earlier loader left without a live revision gets one, unchanged.
    footer = Footer.objects.get(locale__language_code="en")
    Footer.objects.filter(pk=footer.pk).update(live_revision=None)
    said = load_demo()
    assert "live revision" in said, said
    footer.refresh_from_db()
    assert footer.live_revision is not None
    assert footer.live_revision.as_object().tagline == footer.tagline


def test_a_demo_page_an_editor_moved_is_not_made_again(db, client):
    """An editor moved "About us" under "Developers"; the next `make run` made a second live
    About us at /about/ (winning over the move's redirect) and Spanish, French and Arabic
    copies with the slug about-1."""
    site_with_home()
    load_demo()
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    developers = Page.objects.get(slug="developers", locale__language_code="en")
    about.move(developers, pos="last-child")
    pages_before = Page.objects.count()
    said = load_demo()
    assert "nothing changed" in said, said
    assert Page.objects.count() == pages_before
    assert not Page.objects.filter(slug__startswith="about-").exists()
    assert client.get("/developers/about/").status_code == 200
