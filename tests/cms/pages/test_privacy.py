"""Private pages (Wagtail's view restrictions) read from the site content cache: a restricted
page or section still asks for its password or a sign-in, an editor's change applies at once,
aliases read their source's restrictions as Wagtail says, and a public page asks nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Page, PageViewRestriction, get_page_models

from cms.pages.privacy import CachedViewRestrictionsMixin
from tests.cms.home.factories import published
from tests.cms.pages.factories import StandardPageFactory
from tests.site_apps.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(home_page):
    """/team/ with /team/handbook/ under it, both live."""
    team = published(StandardPageFactory.create(parent=home_page, title="Team", slug="team"))
    published(StandardPageFactory.create(parent=team, title="Handbook", slug="handbook"))
    return team


def restrict(page: Page, kind: str = PageViewRestriction.LOGIN) -> PageViewRestriction:
    password = "open sesame" if kind == PageViewRestriction.PASSWORD else ""
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password=password)


def wagtails_own(page: Page) -> set[int]:
    return set(Page.get_view_restrictions(page).values_list("pk", flat=True))


def test_every_page_type_reads_its_restrictions_from_the_cache():
    page_types = [model for model in get_page_models() if model is not Page]
    assert page_types
    assert all(issubclass(model, CachedViewRestrictionsMixin) for model in page_types)


def test_a_password_protected_page_asks_for_its_password(client, section):
    restrict(section, PageViewRestriction.PASSWORD)
    response = client.get("/team/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert response.headers["Cache-Control"].startswith("max-age=0")  # never cached


def test_a_section_behind_a_sign_in_sends_visitors_to_sign_in_and_lets_members_read(
    client, section
):
    restrict(section)
    for url in ("/team/", "/team/handbook/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "next=" in response["Location"]
    client.force_login(UserFactory())
    assert client.get("/team/handbook/").status_code == 200


def test_a_restriction_added_or_removed_applies_at_once(client, section):
    assert client.get("/team/handbook/").status_code == 200  # "none" is cached now
    restriction = restrict(section)
    assert client.get("/team/handbook/").status_code == 302
    restriction.delete()
    assert client.get("/team/handbook/").status_code == 200


def test_a_public_page_is_served_without_asking_for_restrictions(client, section):
    assert client.get("/team/handbook/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/team/handbook/").status_code == 200
    sql = " ".join(query["sql"] for query in queries)
    assert "wagtailcore_pageviewrestriction" not in sql
    assert '"alias_of_id" FROM' not in sql, "nor for the ancestors that could be aliases"


def test_aliases_read_their_sources_restrictions_like_wagtail_and_not_once_converted(
    home_page, section
):
    handbook = section.get_children().get().specific
    on_source = restrict(handbook, PageViewRestriction.PASSWORD)
    alias = handbook.create_alias(parent=home_page, update_slug="handbook-copy").specific
    assert set(alias.get_view_restrictions().values_list("pk", flat=True)) == {on_source.pk}
    assert wagtails_own(alias) == {on_source.pk}

    ConvertAliasPageAction(alias).execute(skip_permission_checks=True)
    alias.refresh_from_db()
    # Wagtail copied the source's restriction onto the alias: its own copy guards it now.
    own = set(alias.get_view_restrictions().values_list("pk", flat=True))
    assert own == wagtails_own(alias)
    assert own
    assert on_source.pk not in own


def test_the_admin_privacy_dialog_still_reads_them(client, section):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    handbook = section.get_children().get()
    assert client.get(f"/admin/pages/{handbook.pk}/privacy/").status_code == 200
    restrict(section)
    dialog = client.get(f"/admin/pages/{handbook.pk}/privacy/").content.decode()
    assert "Team" in dialog  # "Privacy is inherited from the ancestor page 'Team'"
    assert section.specific.get_view_restrictions().order_by("-page__depth").exists()
