"""Four languages, one right-to-left: language prefixes, lang/dir, the language switcher,
hreflang, the sitemap, the fallback for untranslated pages, and prices and dates per language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from wagtail.models import Locale

from cms.blog.models import BlogPostPage
from cms.home.models import HomePage
from cms.i18n.money import format_money
from cms.pages.models import StandardPage

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class PageParser(HTMLParser):
    """Collects <html lang/dir>, hreflang alternates and the language switcher's links."""

    def __init__(self) -> None:
        super().__init__()
        self.html: dict[str, str | None] = {}
        self.alternates: dict[str, str] = {}
        self.switcher: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html = values
        elif tag == "link" and values.get("rel") == "alternate" and values.get("hreflang"):
            self.alternates[values["hreflang"] or ""] = values.get("href") or ""
        elif tag == "a" and "data-language" in values:
            self.switcher[values["data-language"] or ""] = values.get("href") or ""


def parse(response) -> PageParser:
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def path_of(url: str | None) -> str:
    assert url is not None, "the sitemap entry has a location"
    return urlparse(url).path


def post_in(language: str) -> BlogPostPage:
    return (
        BlogPostPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("-date", "pk")
        .first()
    )


def test_home_and_a_blog_post_answer_in_each_language_with_lang_and_dir(client, multilingual_site):
    for language in LANGUAGES:
        prefix = "" if language == "en" else f"/{language}"
        post = post_in(language)
        assert post.url.startswith(f"{prefix}/blog/")
        for url in (f"{prefix}/", post.url):
            response = client.get(url)
            assert response.status_code == 200, url
            html = parse(response).html
            assert html["lang"] == language, url
            assert html["dir"] == ("rtl" if language == "ar" else "ltr"), url


TOPICS = {
    "en": ["Sales", "Support", "Partnerships", "Something else"],
    "es": ["Ventas", "Soporte", "Alianzas", "Otra cosa"],
    "fr": ["Ventes", "Support", "Partenariats", "Autre chose"],
    "ar": ["المبيعات", "الدعم", "الشراكات", "شيء آخر"],
}


def test_the_demo_contact_forms_topics_read_in_each_language(client, multilingual_site):
    """The demo's catalogues once gave the topics with line breaks where wagtail-localize's
    string has `<br/>`, so /es/, /fr/ and /ar/ offered "Sales" and "Partnerships"."""
    for language, topics in TOPICS.items():
        prefix = "" if language == "en" else f"/{language}"
        html = client.get(f"{prefix}/contact/").content.decode()
        for topic in topics:
            assert f'<option value="{topic}">{topic}</option>' in html, (language, topic)
        if language != "en":
            assert ">Partnerships</option>" not in html, language


def test_switcher_links_from_a_blog_post_lead_to_its_translations(client, multilingual_site):
    for language in LANGUAGES:
        post = post_in(language)
        switcher = parse(client.get(post.url)).switcher
        assert set(switcher) == set(LANGUAGES)
        for code, href in switcher.items():
            response = client.get(href)
            assert response.status_code == 200, href
            assert parse(response).html["lang"] == code
            landed = response.context["page"]
            assert landed.translation_key == post.translation_key
            assert landed.locale.language_code == code


def test_hreflang_sets_are_complete_and_reciprocal(client, multilingual_site):
    for page in (post_in("en"), HomePage.objects.get(locale__language_code="en")):
        sets = {}
        for translated in page.get_translations(inclusive=True):
            response = client.get(translated.url)
            sets[translated.locale.language_code] = parse(response).alternates
        assert set(sets) == set(LANGUAGES)
        first = next(iter(sets.values()))
        assert set(first) == {*LANGUAGES, "x-default"}
        assert all(alternates == first for alternates in sets.values())  # reciprocal
        for code in LANGUAGES:  # each alternate is that language's own page
            assert (
                path_of(first[code])
                == page.get_translation(Locale.objects.get(language_code=code)).url
            )
        assert first["x-default"] == first["en"]


def test_a_page_without_translation_falls_back_to_the_translated_home_page(
    client, multilingual_site
):
    """Documented in docs/i18n.md: an untranslated page has no address in other languages
    (404 under their prefix); the switcher sends to that language's home page instead, and
    hreflang lists only the languages the page exists in."""
    english_home = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(title="Only in English", slug="only-english", intro="English only.")
    english_home.add_child(instance=page)
    page.save_revision().publish()

    response = client.get("/only-english/")
    assert response.status_code == 200
    parsed = parse(response)
    assert parsed.switcher["en"] == "/only-english/"
    for code in ("es", "fr", "ar"):
        assert parsed.switcher[code] == f"/{code}/"
        assert client.get(parsed.switcher[code]).status_code == 200
        assert client.get(f"/{code}/only-english/").status_code == 404
    assert set(parsed.alternates) == {"en", "x-default"}
    assert "home page" in response.content.decode()  # the switcher says where it leads


def test_switcher_on_django_views_keeps_the_view(client, home_page):
    switcher = parse(client.get("/fr/accounts/login/")).switcher
    assert switcher == {
        "en": "/accounts/login/",
        "es": "/es/accounts/login/",
        "fr": "/fr/accounts/login/",
        "ar": "/ar/accounts/login/",
    }
    html = parse(client.get("/ar/accounts/login/")).html
    assert (html["lang"], html["dir"]) == ("ar", "rtl")


def test_unprefixed_english_admin_health_sitemap_and_robots(client, home_page):
    assert client.get("/").status_code == 200
    assert client.get("/en/").status_code == 404  # English has one address, unprefixed
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/health/live/").status_code == 200
    assert client.get("/es/sitemap.xml").status_code == 404
    assert client.get("/admin/").status_code == 302  # to sign in, not to /en/


def test_sitemap_lists_every_translation_with_its_alternates(client, multilingual_site):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own output
    entries = {}
    for url in root.findall(f"{SITEMAP}url"):
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        entries[path_of(url.findtext(f"{SITEMAP}loc"))] = alternates
    live = HomePage.objects.none()
    expected = set()
    for language in LANGUAGES:
        home = HomePage.objects.get(locale__language_code=language)
        live = home.get_descendants(inclusive=True).live().public()
        expected |= {page.url for page in live}
    assert set(entries) == expected
    assert "$US" in client.get("/fr/pricing/").content.decode()  # prices as the French write them
    assert "US$" in client.get("/es/pricing/").content.decode()
    post = post_in("es")
    alternates = entries[post.url]
    assert set(alternates) == {*LANGUAGES, "x-default"}
    assert path_of(alternates["ar"]) == post_in("ar").url


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "$1,290"), ("es", "1.290\xa0US$"), ("fr", "1\u202f290\xa0$US"), ("ar", "US$")],
)
def test_prices_are_formatted_for_the_language(language, expected):
    assert expected in format_money(Decimal("1290"), "USD", language)
    assert format_money(Decimal("24.5"), "EUR", "fr") == "24,50\xa0€"
    with translation.override(language):
        rendered = Template("{% load i18n_tags %}{{ amount|money:'USD' }}").render(
            Context({"amount": Decimal("1290")})
        )
    assert expected in rendered


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "March 4, 2026"), ("es", "4 de marzo de 2026"), ("fr", "4 mars 2026")],
)
def test_dates_follow_the_language(language, expected):
    with translation.override(language):
        rendered = Template('{{ day|date:"DATE_FORMAT" }}').render(
            Context({"day": date(2026, 3, 4)})
        )
    assert rendered == expected


def test_error_pages_speak_the_visitors_language(client, home_page):
    from django.template.loader import render_to_string

    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    assert parse(response).html["lang"] == "es"
    assert "Página no encontrada" in response.content.decode()
    with translation.override("ar"):
        page = render_to_string("500.html")
    assert 'lang="ar" dir="rtl"' in page
    assert "حدث خطأ ما" in page
    assert 'href="/ar/"' in page
