"""`{% fragment %}` keeps a piece of a page under the content version, for visitors who are not
signed in; `{% icon %}` draws the site's line icons."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from cms.blocks.icons import FALLBACK, SHAPES
from cms.blocks.marketing import ICON_CHOICES
from cms.content_cache import invalidate_site_content
from tests.site_apps.accounts.factories import UserFactory

FRAGMENT = Template(
    '{% load render_cache_tags %}{% fragment "greeting" page_id request.path %}'
    "Hello {{ name }}{% endfragment %}"
)


def _render(name: str, *, path: str = "/", page_id: int | None = 1, user=None, method="get"):
    request = getattr(RequestFactory(), method)(path)
    request.user = user or AnonymousUser()
    return FRAGMENT.render(Context({"request": request, "name": name, "page_id": page_id}))


@pytest.mark.django_db
def test_a_fragment_is_kept_per_key_until_the_content_changes():
    assert _render("Ada") == "Hello Ada"
    assert _render("Grace") == "Hello Ada"  # kept: the key parts are the same
    assert _render("Grace", path="/other/") == "Hello Grace"  # another path, another piece
    invalidate_site_content()  # an editor published something
    assert _render("Grace") == "Hello Grace"


@pytest.mark.django_db
def test_a_fragment_is_rendered_afresh_for_a_signed_in_person_a_post_and_a_missing_key():
    assert _render("Ada") == "Hello Ada"
    assert _render("Grace", user=UserFactory()) == "Hello Grace"
    assert _render("Grace", method="post") == "Hello Grace"
    assert _render("Ada", page_id=None) == "Hello Ada"
    assert _render("Grace", page_id=None) == "Hello Grace"  # nothing was kept without a page


def test_a_fragment_without_a_quoted_name_is_a_template_error():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load render_cache_tags %}{% fragment name %}x{% endfragment %}")


def test_every_icon_an_editor_can_choose_is_drawn_and_an_unknown_name_falls_back():
    missing = [name for name, _label in ICON_CHOICES if name not in SHAPES]
    assert not missing
    html = Template('{% load icon_tags %}{% icon "check" "size-5 x" %}').render(Context())
    assert html.startswith('<svg class="size-5 x" viewBox="0 0 24 24"')
    assert 'aria-hidden="true"' in html
    assert SHAPES["check"] in html
    unknown = Template('{% load icon_tags %}{% icon "nope" %}').render(Context())
    assert FALLBACK in unknown
    assert 'class="size-5"' in unknown
    escaped = Template('{% load icon_tags %}{% icon "check" c %}').render(Context({"c": '"><x'}))
    assert "<x" not in escaped
