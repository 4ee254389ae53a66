"""Every public page type renders in at most ten SQL queries with the full demo content, in
every language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.blog.models import BlogPostPage

BUDGET = 10
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_type_renders_within_the_query_budget(
    client, multilingual_site, language
):
    post = (
        BlogPostPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("-date", "pk")
        .first()
    )
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    pages = {
        "home": f"{prefix}/",
        "standard (about)": f"{prefix}/about/",
        "standard (developers)": f"{prefix}/developers/",
        "pricing": f"{prefix}/pricing/",
        "pricing (yearly)": f"{prefix}/pricing/?billing=yearly",
        "contact": f"{prefix}/contact/",
        "blog index": f"{prefix}/blog/",
        "blog index (filtered)": f"{prefix}/blog/?tag=accessibility",
        "blog post": post.url,
    }
    counts = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, name  # renditions made, caches warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    over = {name: n for name, n in counts.items() if n > BUDGET}
    assert not over, counts


def test_the_demo_uses_every_block_and_loading_it_again_changes_nothing(demo_site):
    from cms.blocks import BODY_BLOCKS
    from cms.home.demo.builder import DemoBuilder
    from cms.home.models import HomePage
    from cms.pages.models import StandardPage
    from cms.pricing.models import PricingPage

    used: set[str] = set()
    for model in (HomePage, StandardPage, PricingPage):
        for page in model.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
            used |= {block.block_type for block in page.body}
    assert used == {name for name, _ in BODY_BLOCKS}
    assert DemoBuilder(translate=False).build() == []
