"""Builds the demo site from fixtures/demo/site.json: every page type, every block, real copy.

Idempotent: objects are found by slug or title and left alone when they exist, so running it
again changes nothing (editors' changes to demo content survive `make run`). Everything it
creates is recorded in `DemoContent`; only those objects are ever published or translated, so an
editor's pages and snippets (drafts above all) are never touched.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as search_on_save
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.blog.models import Author, BlogCategory, BlogIndexPage, BlogPostPage
from cms.content_cache import invalidate_site_content
from cms.home.demo.images import DRAWERS
from cms.home.demo.translations import DemoTranslator
from cms.home.models import DemoContent, HomePage
from cms.navigation.models import Footer, MainMenu
from cms.pages.models import ContactFormField, ContactPage, StandardPage
from cms.pricing.models import PricingPage
from site_apps.billing.offers import Plan

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "site.json"
PALETTE_WORDS = {
    "indigo": "indigo and violet",
    "sunset": "orange and pink",
    "teal": "teal and blue",
    "ocean": "blue and lilac",
    "forest": "green and gold",
    "rose": "rose and amber",
}


def counted(numbers: dict[str, int]) -> str:
    """{"page": 2, "image": 1} -> "2 pages, 1 image"."""
    return ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in numbers.items())


@lru_cache(maxsize=64)
def draw(kind: str, name: str, palette: str) -> tuple[bytes, str]:
    """The image's bytes and file extension; drawing is deterministic, so it is kept per process
    (tests build the demo site many times)."""
    if kind == "wordmark":
        return DRAWERS[kind](name), "png"
    return DRAWERS[kind](name, palette), "jpg"


@contextmanager
def indexed_once_at_the_end() -> Iterator[None]:
    """The search and reference indexes get what the block saved once, at its end, instead of
    at every save: a demo page is saved, revised and published, then copied and synced into each
    language, which made 737 index tasks for 124 objects, half of the build's time where tasks
    run at once (the default backend). Wagtail's own switch turns the reference index off; search
    has none, so its handler is taken off the indexed models for the block. At the end each
    model's objects go to the search backends in one batch, as `update_index` sends them."""
    searched = {
        model
        for model in search_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    }
    saved: dict[type[Any], set[Any]] = {}

    def note(sender: type[Any], instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw and (sender in searched or sender in ReferenceIndex.tracked_models):
            saved.setdefault(sender, set()).add(instance.pk)

    for model in searched:
        post_save.disconnect(search_on_save, sender=model)
    post_save.connect(note, weak=False, dispatch_uid="demo-indexed-once")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="demo-indexed-once")
        for model in searched:
            post_save.connect(search_on_save, sender=model)
    for model, pks in saved.items():
        if model in searched:
            batch = list(model.get_indexed_objects().filter(pk__in=pks))
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, batch)
        if ReferenceIndex.is_indexed(model):
            for instance in model._default_manager.filter(pk__in=pks):
                ReferenceIndex.create_or_update_for_object(instance)


class DemoBuilder:
    def __init__(self, log: Any = None, *, translate: bool = True) -> None:
        # translate=False builds the English site only (faster, for tests that need no other
        # language).
        self.translate = translate
        self.data = json.loads(DEMO_FILE.read_text())
        self.images: dict[str, int] = {}
        self.created: list[str] = []
        # What the demo would have made but an editor's object stood in the way: left alone.
        self.skipped: list[str] = []
        # The demo's own snippets given the live revision an earlier loader left out.
        self.repaired: list[str] = []
        self.log = log or (lambda message: None)

    # --- helpers ------------------------------------------------------------------------
    def resolve(self, value: Any) -> Any:
        """Replace "image:<key>" references in the fixture with image ids."""
        if isinstance(value, str) and value.startswith("image:"):
            return self.images[value.removeprefix("image:")]
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict):
            resolved = {k: self.resolve(v) for k, v in value.items()}
            if "type" in resolved and "value" in resolved and not resolved.get("id"):
                # Stream children need ids (nested ones too) for wagtail-localize's segments.
                resolved["id"] = str(uuid.uuid4())
            return resolved
        return value

    @staticmethod
    def publish(page: Page) -> None:
        page.save_revision().publish()

    def publish_snippet(self, snippet: Any) -> Any:
        """A new snippet with drafts, published through a revision as the editor's Publish
        button does: one created live without a revision lost its live version when an editor
        scheduled a change (Wagtail takes an object with no live revision off the site until
        the go-live date)."""
        snippet.live = False  # until the revision is published, as the admin's create view does
        snippet.save()
        self.own(snippet)
        snippet.save_revision().publish()
        return snippet

    def give_live_revisions(self) -> None:
        """The demo's own live snippets that an earlier loader created without a revision get
        one of what they show now (nothing else changes), so scheduling works on them."""
        owned = DemoContent.objects.values_list("translation_key", flat=True)
        for model in (Plan, MainMenu, Footer):
            for snippet in model.objects.filter(
                live=True, live_revision__isnull=True, translation_key__in=owned
            ):
                snippet.save_revision().publish()
                self.repaired.append(f"{model._meta.verbose_name} ({snippet.locale})")

    @staticmethod
    def own(instance: Any) -> None:
        """Record the object as the demo's own (see `DemoContent`)."""
        DemoContent.objects.get_or_create(
            translation_key=instance.translation_key,
            defaults={"content_type": ContentType.objects.get_for_model(instance)},
        )

    @staticmethod
    def is_own(instance: Any) -> bool:
        return DemoContent.objects.filter(translation_key=instance.translation_key).exists()

    def add_child(self, parent: Page, page: Page) -> Page:
        parent.add_child(instance=page)
        self.own(page)
        self.publish(page)
        self.created.append(f"page {page.url_path}")
        return page

    def child(self, parent: Page, slug: str) -> Page | None:
        found = parent.get_children().filter(slug=slug).first()
        if found is None:
            # The demo's own page, moved elsewhere by an editor, stays where they put it: it
            # is not made again here (a second live "About us" beside the redirect the move
            # left, and its translations as about-1).
            moved = Page.objects.filter(
                locale_id=parent.locale_id,
                slug=slug,
                translation_key__in=DemoContent.objects.values("translation_key"),
            ).first()
            return None if moved is None else moved.specific
        if not self.is_own(found):
            self.skipped.append(f"page {found.url_path} (an editor's page)")
        return found.specific

    # --- steps --------------------------------------------------------------------------
    def build(self) -> list[str]:
        with transaction.atomic(), indexed_once_at_the_end():
            home = HomePage.objects.filter(locale=Locale.get_default()).first()
            if home is None:
                raise RuntimeError("No home page: run `manage.py migrate` first.")
            self.make_images()
            self.point_site_at_site_url(home)
            self.make_snippets()
            self.fill_home(home)
            self.make_pages(home)
            self.make_blog(home)
            self.make_navigation(home)
            self.give_live_revisions()
            if self.translate:
                translator = DemoTranslator()
                self.created += translator.translate_site(home)
                self.skipped += translator.skipped
        invalidate_site_content()
        return self.created

    def summary(self) -> list[str]:
        """What the last build did, in a few lines for a person (load_demo prints them)."""
        made: dict[str, int] = {}
        translated: dict[str, int] = {}
        languages: set[str] = set()
        for entry in self.created:
            kind = entry.split(" ", 1)[0]
            language = re.search(r"\((\w+)\)$", entry)
            if kind in ("page", "snippet") and language:
                translated[kind] = translated.get(kind, 0) + 1
                languages.add(language[1])
            else:
                kind = kind if kind in ("page", "image") else "snippet"
                made[kind] = made.get(kind, 0) + 1
        lines = []
        if made:
            lines.append(f"Created {counted(made)} in {settings.LANGUAGE_CODE}, all published.")
        if translated:
            lines.append(
                f"Translated and published {counted(translated)}"
                f" into {', '.join(sorted(languages))}."
            )
        if self.repaired:
            lines.append(
                f"Gave {len(self.repaired)} demo snippets the live revision an earlier loader"
                " left out (their content is unchanged), so changes to them can be scheduled."
            )
        if not lines:
            lines.append(f"Already loaded: nothing changed ({DemoContent.objects.count()} items).")
        if self.skipped:
            shown = ", ".join(self.skipped[:3]) + (" ..." if len(self.skipped) > 3 else "")
            lines.append(f"Left alone, not the demo's own: {shown}")
        return lines

    def make_images(self) -> None:
        Image = get_image_model()
        for spec in self.data["images"]:
            image = Image.objects.filter(title=spec["title"]).first()
            if image is None:
                content, extension = draw(
                    spec["kind"], spec.get("text") or spec["key"], spec["palette"]
                )
                alt = spec["alt"] or f"Abstract artwork in {PALETTE_WORDS[spec['palette']]}"
                image = Image.objects.create(
                    title=spec["title"],
                    description=alt,
                    file=ImageFile(io.BytesIO(content), name=f"demo-{spec['key']}.{extension}"),
                )
                self.created.append(f"image {spec['title']}")
            self.images[spec["key"]] = image.pk

    def point_site_at_site_url(self, home: HomePage) -> None:
        """Canonical URLs and the sitemap use the Site record: make it match SITE_URL."""
        parsed = urlparse(settings.SITE_URL)
        default_port = 443 if parsed.scheme == "https" else 80
        Site.objects.filter(is_default_site=True, root_page=home).update(
            hostname=parsed.hostname or "localhost",
            port=parsed.port or default_port,
            site_name=settings.SITE_NAME,
        )

    def make_snippets(self) -> None:
        locale = Locale.get_default()
        for author in self.data["authors"]:
            if not Author.objects.filter(slug=author["slug"], locale=locale).exists():
                author_object = Author.objects.create(
                    locale=locale,
                    slug=author["slug"],
                    name=author["name"],
                    role=author["role"],
                    bio=author["bio"],
                    website=author["website"],
                    photo_id=self.images[author["photo"]],
                )
                self.own(author_object)
                self.created.append(f"author {author['name']}")
        for category in self.data["categories"]:
            made, is_new = BlogCategory.objects.get_or_create(
                slug=category["slug"],
                locale=locale,
                defaults={"name": category["name"], "description": category["description"]},
            )
            if is_new:
                self.own(made)
                self.created.append(f"category {category['name']}")
        for plan in self.data["plans"]:
            if not Plan.objects.filter(slug=plan["slug"], locale=locale).exists():
                values = {**plan}
                values["monthly_amount"] = Decimal(values["monthly_amount"])
                values["yearly_amount"] = Decimal(values["yearly_amount"])
                self.publish_snippet(Plan(locale=locale, **values))
                self.created.append(f"plan {plan['name']}")

    def fill_home(self, home: HomePage) -> None:
        """Fill the home page only while it is the placeholder the migration made (no revision):
        once an editor has saved it, it is theirs."""
        if home.body or home.latest_revision_id is not None:
            if not self.is_own(home):
                self.skipped.append(f"page {home.url_path} (an editor's home page)")
            return
        copy = self.data["home"]
        home.title = copy["title"]
        home.seo_title = copy["seo_title"]
        home.intro = copy["intro"]
        home.search_description = copy["search_description"]
        home.body = self.resolve(copy["body"])
        self.own(home)
        self.publish(home)
        self.created.append("page /")

    def make_pages(self, home: HomePage) -> None:
        for copy in self.data["standard_pages"]:
            if self.child(home, copy["slug"]) is None:
                self.add_child(
                    home,
                    StandardPage(
                        title=copy["title"],
                        slug=copy["slug"],
                        intro=copy["intro"],
                        search_description=copy.get("search_description", ""),
                        body=self.resolve(copy["body"]),
                        show_in_menus=copy["slug"] in ("about", "developers"),
                    ),
                )
        copy = self.data["pricing"]
        if self.child(home, copy["slug"]) is None:
            self.add_child(
                home,
                PricingPage(
                    title=copy["title"],
                    slug=copy["slug"],
                    intro=copy["intro"],
                    search_description=copy["search_description"],
                    body=self.resolve(copy["body"]),
                ),
            )
        copy = self.data["contact"]
        if self.child(home, copy["slug"]) is None:
            contact = ContactPage(
                title=copy["title"],
                slug=copy["slug"],
                intro=copy["intro"],
                search_description=copy["search_description"],
                to_address=copy["to_address"],
                from_address=copy["from_address"],
                subject=copy["subject"],
                thank_you_text=copy["thank_you_text"],
                contact_details=copy["contact_details"],
            )
            contact.form_fields = [  # type: ignore[misc]
                ContactFormField(
                    sort_order=i,
                    choices=field.get("choices", ""),
                    **{k: v for k, v in field.items() if k != "choices"},
                )
                for i, field in enumerate(copy["fields"])
            ]
            self.add_child(home, contact)

    def make_blog(self, home: HomePage) -> None:
        copy = self.data["blog"]
        blog = self.child(home, copy["slug"])
        if blog is None:
            blog = self.add_child(
                home,
                BlogIndexPage(
                    title=copy["title"],
                    slug=copy["slug"],
                    intro=copy["intro"],
                    search_description=copy["search_description"],
                ),
            )
        if not self.is_own(blog):
            return  # an editor's blog: the demo adds no posts to it
        locale = Locale.get_default()
        for post in self.data["posts"]:
            if self.child(blog, post["slug"]) is not None:
                continue
            page = BlogPostPage(
                title=post["title"],
                slug=post["slug"],
                date=date.fromisoformat(post["date"]),
                intro=post["intro"],
                author=Author.objects.get(slug=post["author"], locale=locale),
                hero_image_id=self.images[post["hero"]],
                body=self.resolve(post["body"]),
            )
            page.categories = list(
                BlogCategory.objects.filter(slug__in=post["categories"], locale=locale)
            )
            page.tags.add(*post["tags"])
            self.add_child(blog, page)

    def page_links(self, home: HomePage, links: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The fixture's links with `"page": "<slug>"` pointing at that page under home: a
        menu that links the page itself follows it when an editor renames or moves it, drops
        it while it is unpublished, and leads to the visitor's language."""
        resolved = []
        for link in links:
            slug = link.get("page")
            page = self.child(home, slug) if isinstance(slug, str) else None
            if isinstance(slug, str) and page is None:
                raise RuntimeError(f"The demo's menus link a page it has not made: {slug!r}")
            resolved.append({**link, "page": page})
        return resolved

    def make_navigation(self, home: HomePage) -> None:
        locale = Locale.get_default()
        if not MainMenu.objects.filter(locale=locale).exists():
            menu = self.data["menu"]
            self.publish_snippet(
                MainMenu(
                    locale=locale,
                    links=[("link", value) for value in self.page_links(home, menu["links"])],
                    buttons=[("button", value) for value in self.page_links(home, menu["buttons"])],
                )
            )
            self.created.append("main menu")
        if not Footer.objects.filter(locale=locale).exists():
            footer = self.data["footer"]
            columns = [
                {**column, "links": self.page_links(home, column["links"])}
                for column in footer["columns"]
            ]
            self.publish_snippet(
                Footer(
                    locale=locale,
                    tagline=footer["tagline"],
                    columns=[("column", value) for value in columns],
                    social_links=[("social", value) for value in footer["social"]],
                    legal_links=[
                        ("link", value) for value in self.page_links(home, footer["legal"])
                    ],
                    copyright=footer["copyright"],
                )
            )
            self.created.append("footer")
