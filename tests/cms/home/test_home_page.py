import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from cms.home.models import HomePage
from tests.cms.home.factories import HomePageFactory, site_with_home


class HomePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        site_with_home()

    def test_home_page_lives_only_under_the_tree_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_the_migrated_home_page_renders(self):
        home = HomePage.objects.get()
        self.assertPageIsRenderable(home)

    def test_a_factory_made_home_page_renders(self):
        page = HomePageFactory(parent=Page.get_first_root_node(), slug="second-site")
        Site.objects.create(hostname="second.example.com", root_page=page)
        self.assertPageIsRenderable(page)


@pytest.mark.django_db
def test_home_page_answers_with_its_title_and_a_strict_csp(client, home_page):
    home_page.intro = "Marketing sites, done."
    home_page.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html
    assert home_page.title in html
    assert "Marketing sites, done." in html
    assert "/static/htmx/htmx.min.js" not in html  # nothing on it uses htmx
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp

    home_page.body = [("newsletter", {"heading": "Hear from us", "button_label": "Subscribe"})]
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    # The form posts by htmx, which site.js fetches once the page is idle (not before the first
    # paint); the signed-in screens load it with the page (test_htmx_loads_with_the_page_...).
    assert 'data-htmx-src="/static/htmx/htmx.min.js"' in html
    assert '<script src="/static/htmx/htmx.min.js"' not in html


@pytest.mark.django_db
def test_htmx_loads_with_the_page_on_screens_that_are_not_wagtail_pages(client, home_page):
    html = client.get("/accounts/login/").content.decode()
    assert '<script src="/static/htmx/htmx.min.js" defer></script>' in html
    assert "data-htmx-src" not in html


@pytest.mark.django_db
def test_home_page_query_count_is_small(client, home_page):
    client.get("/")  # warm Wagtail's site-root cache, as a running server would be
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(queries) <= 6, [q["sql"] for q in queries]


@pytest.mark.django_db
def test_unknown_paths_get_the_themed_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.django_db
def test_only_the_admin_allows_inline_scripts(client, home_page):
    """Wagtail 8's admin still writes inline scripts, so /admin/ keeps 'unsafe-inline' in its
    policy; the site's own pages, sign-in included, never get it (docs/security.md)."""
    from tests.site_apps.accounts.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert "script-src 'self' 'unsafe-inline'" in admin["Content-Security-Policy"]
    for path in ("/", "/accounts/login/", "/teams/"):
        assert "unsafe-inline" not in client.get(path)["Content-Security-Policy"]
