"""Every page of the demo opens in Wagtail's editor: an editor's first click on a demo page must
not be a server error (the contact page's `<br>` once made its editor answer 500, "Unmatched
tags", because Wagtail's rich-text editor reads only what its own converter writes)."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import Page

from tests.site_apps.accounts.factories import UserFactory


def test_every_demo_page_opens_in_the_editor_in_every_language(multilingual_site, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    pages = Page.objects.filter(depth__gt=1).select_related("locale").specific()
    english = [page for page in pages if page.locale.language_code == "en"]
    # Each page type once in each other language: translations open the same editor.
    translated = {
        (type(page), page.locale.language_code): page
        for page in pages
        if page.locale.language_code != "en"
    }
    assert len(english) > 5
    assert len(translated) > 10
    failures = {}
    for page in [*english, *translated.values()]:
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        if response.status_code != 200:
            failures[f"{page.locale.language_code} {page.url_path}"] = response.status_code
    assert failures == {}
