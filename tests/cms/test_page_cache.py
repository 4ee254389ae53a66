"""The anonymous full-page cache (cms/page_cache.py): what is kept, for whom, and that a content
change shows at once on every page it touches."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.home.models import HomePage
from cms.navigation.models import Footer
from cms.page_cache import TrackingParametersMiddleware
from cms.pages.models import ContactFormField, ContactPage, NewsletterSubscription
from site_apps.accounts.models import User
from tests.cms.blog.factories import make_blog, make_posts
from tests.cms.navigation.factories import FooterFactory
from tests.cms.redis_calls import count_cache_calls


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def site(home_page):
    """A small site: a home page with the newsletter block, a blog with two posts, the contact
    form and a footer (the demo site would cost seconds more per test)."""
    home_page.body = [("newsletter", {"heading": "Hear from us", "button_label": "Subscribe"})]
    home_page.save_revision().publish()
    blog = make_blog(home_page)
    posts = make_posts(blog, 2)
    contact = ContactPage(
        title="Contact", slug="contact", to_address="staff@example.com", subject="Hello"
    )
    contact.form_fields = [  # type: ignore[misc]  # the page's own fields, set before saving
        ContactFormField(sort_order=0, label="Your name", field_type="singleline", required=True),
        ContactFormField(sort_order=1, label="Work email", field_type="email", required=True),
        ContactFormField(sort_order=2, label="Message", field_type="multiline", required=True),
    ]
    home_page.add_child(instance=contact)
    contact.save_revision().publish()
    FooterFactory.create(tagline="Made with care")
    return {"home": home_page, "blog": blog, "post": posts[-1], "contact": contact}


def _get(client: Client, url: str, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_an_anonymous_page_comes_from_the_cache_with_headers_for_shared_caches(client, site):
    first, _ = _get(client, "/")
    assert first.status_code == 200
    again, queries = _get(client, "/")
    assert queries == 0
    assert again.content == first.content
    assert again["Cache-Control"] == "public, max-age=60, s-maxage=60, stale-while-revalidate=60"
    assert again["ETag"] == first["ETag"]
    assert "Last-Modified" in again
    assert not again.cookies
    assert b"csrfmiddlewaretoken" not in again.content

    compressed = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"  # no secret in it (cms/compression.py)

    unchanged, queries = _get(client, "/", If_None_Match=first["ETag"])
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert queries == 0


def test_publishing_unpublishing_and_a_snippet_show_at_once_on_every_cached_page(client, site):
    blog, post = site["blog"], site["post"]
    urls = ["/", blog.url, post.url, site["contact"].url]
    for url in urls:
        client.get(url)
    assert post.title.encode() in client.get(blog.url).content

    post.title = "A title edited after caching"
    post.save_revision().publish()
    assert b"A title edited after caching" in client.get(blog.url).content
    assert b"A title edited after caching" in client.get(post.url).content

    post.unpublish()
    assert b"A title edited after caching" not in client.get(blog.url).content
    assert client.get(post.url).status_code == 404

    footer = Footer.objects.get(locale__language_code="en")
    footer.tagline = "A tagline from the snippet editor"
    footer.save()
    for url in ["/", blog.url, site["contact"].url]:
        assert b"A tagline from the snippet editor" in client.get(url).content, url


def test_a_signed_in_visitor_sees_an_edited_body_at_once_and_never_a_draft(client, site):
    """Pages rendered for someone signed in reuse the body rendered for the live revision
    (cms/blocks/templatetags/render_cache_tags.py); a publish shows at once, a draft only in
    its preview."""
    home = site["home"]
    client.force_login(User.objects.create_user(email="grace@example.com", password="x" * 12))
    assert b"Hear from us" in client.get("/").content
    assert b"Hear from us" in client.get("/").content  # the body from the cache

    home.body = [("newsletter", {"heading": "Hear it first", "button_label": "Subscribe"})]
    home.save_revision().publish()
    assert b"Hear it first" in client.get("/").content

    home.body = [("newsletter", {"heading": "A heading in a draft", "button_label": "Go"})]
    revision = home.save_revision()
    assert b"A heading in a draft" not in client.get("/").content
    client.force_login(User.objects.create_superuser(email="ed@example.com", password="x" * 12))
    preview = client.get(f"/admin/pages/{home.pk}/revisions/{revision.pk}/view/")
    assert b"A heading in a draft" in preview.content
    assert b"Hear it first" in client.get("/").content


def test_a_signed_in_visitor_is_never_served_nor_stored(client, site):
    anonymous = client.get("/").content
    user = User.objects.create_user(email="ada@example.com", password="x" * 12)
    client.force_login(user)
    mine, queries = _get(client, "/", Accept_Encoding="gzip")
    assert mine["Cache-Control"] == "private, no-store"
    assert "Content-Encoding" not in mine  # BREACH: nothing signed-in is compressed
    assert queries > 0  # rendered for them, not read from the cache
    assert b"ada@example.com" in mine.content
    assert mine.content != anonymous
    client.logout()
    client.cookies.clear()
    assert b"ada@example.com" not in client.get("/").content


def test_a_preview_and_a_form_with_errors_are_never_cached(client, site, admin_user):
    home = HomePage.objects.get(pk=site["home"].pk)
    client.get("/")
    home.intro = "A draft intro nobody may see yet"
    home.save_revision()  # a draft, not published
    admin = Client()
    admin.force_login(admin_user)
    preview = admin.get(f"/admin/pages/{home.pk}/view_draft/")
    assert b"A draft intro nobody may see yet" in preview.content
    assert "no-store" in preview["Cache-Control"]
    assert "public" not in preview["Cache-Control"]
    assert b"A draft intro nobody may see yet" not in client.get("/").content

    contact = site["contact"].url
    client.get(contact)
    wrong = client.post(contact, {"your_name": "Ada", "work_email": "not-an-email"})
    assert b"Enter a valid email address" in wrong.content
    assert "public" not in wrong.get("Cache-Control", "")
    fresh, queries = _get(client, contact)
    assert b"Enter a valid email address" not in fresh.content
    assert queries == 0


def test_the_forms_of_a_cached_page_work_without_javascript(site):
    browser = Client(enforce_csrf_checks=True)
    home = browser.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in home
    assert not browser.cookies

    # The newsletter: the first post has no token; it comes back to be sent again.
    first = browser.post("/newsletter/", {"email": "nojs@example.com", "next": "/"})
    assert first.status_code == 403
    page = first.content.decode()
    assert 'value="nojs@example.com"' in page
    assert "send it again" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    sent = browser.post(
        "/newsletter/", {"email": "nojs@example.com", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert sent.status_code == 302
    assert sent["Location"] == "/"
    assert NewsletterSubscription.objects.filter(email="nojs@example.com").exists()

    # The contact form, the same way, from a fresh browser.
    browser = Client(enforce_csrf_checks=True)
    url = site["contact"].url
    browser.get(url)
    data = {
        "your_name": "Ada",
        "work_email": "ada@example.com",
        "message": "Hello",
    }
    first = browser.post(url, data)
    assert first.status_code == 403
    assert 'value="Ada"' in first.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first.content.decode())[1]
    sent = browser.post(url, data | {"csrfmiddlewaretoken": token})
    assert sent.status_code == 200
    assert b"Enter a valid" not in sent.content
    assert site["contact"].get_submission_class().objects.count() == 1

    # With JavaScript the token comes from /csrf/, never stored by any cache.
    answer = Client(enforce_csrf_checks=True).get("/csrf/")
    assert answer["Cache-Control"] == "private, no-store"
    assert answer.json()["token"]


def test_a_page_under_an_ab_test_is_kept_per_version_and_never_shared(home_page):
    from site_apps.experiments import goals
    from tests.site_apps.experiments.conftest import landing_with_variant, start_test

    revision = landing_with_variant(home_page, control="Control intro.", variant="Variant intro.")
    start_test(home_page, revision, goal=goals.CTA_CLICK)
    browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36"
    served = {"control": 0, "variant": 0}
    # Each visitor is a coin toss (a keyed hash with a salt drawn each day), so ten visitors all
    # landed on one side once in CI (a 1-in-512 chance): keep asking until both versions were
    # served, up to 60 visitors (both unseen by then: 1 in 2**59).
    n = 0
    while n < 60 and not (served["control"] and served["variant"]):
        n += 1
        visitor = Client(HTTP_USER_AGENT=browser, REMOTE_ADDR=f"203.0.113.{n}")
        first = visitor.get("/")
        again, queries = _get(visitor, "/")
        assert again.content == first.content
        assert queries <= 1  # from the cache (Wagtail finds the Site to match the test's path)
        assert again["Cache-Control"] == "private, no-cache"  # no CDN may share one version
        served["variant" if b"Variant intro." in first.content else "control"] += 1
    assert served["control"]
    assert served["variant"]


def _headers(response) -> dict[str, str]:
    return {
        name: value
        for name, value in response.items()
        if name not in ("Date", "X-Request-ID", "Content-Length")
    }


@pytest.mark.parametrize("encoding", ["", "gzip, deflate, br"])
def test_a_kept_page_is_answered_above_the_stack_as_the_stack_finished_it(client, site, encoding):
    """The front middleware answers a repeat visit before sessions, the language, CSRF and the
    request logger: one Redis read of the content version, no query, and the same bytes and
    headers (language, Vary, compression, ETag) the whole stack sent the first time."""
    from cms import content_cache
    from cms.page_cache import forget_front_memory

    url = site["blog"].url
    first = client.get(url, headers={"Accept-Encoding": encoding})
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries, count_cache_calls() as calls:
        again = client.get(url, headers={"Accept-Encoding": encoding})
    assert len(queries) == 0
    assert calls == [("get", content_cache.VERSION_KEY)]
    assert again.content == first.content
    assert _headers(again) == _headers(first)
    assert again["Content-Language"] == "en"
    assert again["X-Request-ID"] != first["X-Request-ID"]  # the outer middleware still runs
    assert again["X-Content-Type-Options"] == "nosniff"
    assert ("Content-Encoding" in again) == bool(encoding)

    # Another worker process holds nothing in memory: one get_many brings version and page.
    forget_front_memory()
    with count_cache_calls() as calls:
        other = client.get(url, headers={"Accept-Encoding": encoding})
    assert [call for call, _key in calls] == ["get_many"]
    assert other.content == first.content

    unchanged = client.get(
        url, headers={"Accept-Encoding": encoding, "If-None-Match": first["ETag"]}
    )
    assert unchanged.status_code == 304
    assert unchanged.content == b""


def test_the_front_of_the_cache_keeps_nothing_a_visitor_must_not_share(client, site, settings, rf):
    from django.core.cache import cache

    from cms.page_cache import front_key

    client.get("/")
    assert cache.get(front_key(rf.get("/", HTTP_HOST="testserver"))) is not None

    # A host the site does not serve is refused by the stack, never answered from the cache.
    settings.ALLOWED_HOSTS = ["testserver"]
    assert client.get("/", headers={"Host": "evil.example.com"}).status_code == 400
    # A signed-in visitor passes by the front of the cache to their own page.
    user = User.objects.create_user(email="lin@example.com", password="x" * 12)
    client.force_login(user)
    mine = client.get("/")
    assert b"lin@example.com" in mine.content
    assert mine["Cache-Control"] == "private, no-store"
    client.logout()
    client.cookies.clear()
    # A form with errors (a POST) is neither kept nor answered from the kept page.
    contact = site["contact"].url
    client.get(contact)
    wrong = client.post(contact, {"your_name": "Ada", "work_email": "not-an-email"})
    assert b"Enter a valid email address" in wrong.content
    assert b"Enter a valid email address" not in client.get(contact).content
    assert cache.get(front_key(rf.post(contact, HTTP_HOST="testserver"))) is None
    # The full-page cache switched off switches off its front too.
    settings.PAGE_CACHE_ENABLED = False
    with count_cache_calls() as calls:
        response = client.get("/")
    assert response.status_code == 200
    assert response.templates  # rendered, not answered from either part of the cache
    read = [str(key) for _call, key in calls]
    assert not [key for key in read if "page-cache" in key], read  # neither part was asked


def test_each_light_or_dark_choice_has_its_own_kept_page(client, site):
    """The theme is written by the server from the visitor's `theme_mode` cookie, so the cache
    keeps one page per choice (and one for no choice), each answered without a query."""
    from cms.page_cache import forget_front_memory

    pages = {}
    for mode in ("", "dark", "light", ""):
        client.cookies["theme_mode"] = mode
        first = client.get(site["blog"].url)
        assert "Cookie" in first["Vary"]
        forget_front_memory()  # the deep part of the cache, then the front
        for _ in range(2):
            again, queries = _get(client, site["blog"].url)
            assert queries == 0
            assert again.content == first.content
        html = re.search(rb"<html[^>]*>", first.content).group(0)
        theme = re.search(rb' data-theme="(\w+)"', html).group(1)
        pages[mode] = (theme, b" data-theme-auto" in html)
    assert pages == {"": (b"light", True), "dark": (b"dark", False), "light": (b"light", False)}


def test_a_visitor_from_another_of_our_pages_has_their_own_kept_page(client, site):
    """Pages link the rules they use, or the whole stylesheet for a visitor who came from
    another of the site's pages (cms/theme/page_css.py): one kept page for each."""
    from cms.page_cache import forget_front_memory

    ours = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate"}
    links = {}
    for came, headers in (("elsewhere", {}), ("ours", ours), ("again", {})):
        first = client.get(site["blog"].url, headers=headers)
        forget_front_memory()  # the deep part of the cache, then the front
        for _ in range(2):
            again, queries = _get(client, site["blog"].url, **headers)
            assert queries == 0
            assert again.content == first.content
        links[came] = re.search(rb'<link rel="stylesheet" href="([^"]+)"', first.content)[1]
    assert links["elsewhere"].startswith(b"/theme/css/")
    assert links["again"] == links["elsewhere"]
    assert links["ours"] == b"/static/css/site.css"


def test_campaign_and_click_ids_share_the_kept_page_and_are_never_written_into_it(client, site):
    first, _ = _get(client, "/?utm_source=newsletter&utm_campaign=spring&gclid=Cj0KCQ1")
    assert first.status_code == 200
    assert b"gclid" not in first.content
    assert b"utm_" not in first.content
    # Another click, another click id: the same kept page, no query, no render.
    again, queries = _get(client, "/?fbclid=IwAR2x&UTM_Medium=email")
    assert (queries, again.content) == (0, first.content)
    plain, queries = _get(client, "/")
    assert (queries, plain.content) == (0, first.content)


def test_only_campaign_and_click_id_parameters_are_taken_off_the_query(rf):
    seen = {}

    def view(request):
        seen["GET"] = request.GET.dict()
        seen["path"] = request.get_full_path()
        return HttpResponse("ok")

    middleware = TrackingParametersMiddleware(view)
    middleware(rf.get("/blog/?tag=django&utm_source=x&page=2&gclid=abc&utm_term=a%20b"))
    assert seen == {"GET": {"tag": "django", "page": "2"}, "path": "/blog/?tag=django&page=2"}
    middleware(rf.get("/blog/?tag=django"))
    assert seen["path"] == "/blog/?tag=django"
    middleware(rf.post("/contact/?utm_source=x"))  # only reads are touched
    assert seen["path"] == "/contact/?utm_source=x"
