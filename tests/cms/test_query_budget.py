"""Every public page type renders in a few SQL queries with the full demo content, the same in
every language; in few Redis round trips when it is rendered, in one (and no query) when it
comes from the full-page cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms import content_cache
from cms.blog.models import BlogPostPage
from tests.cms.redis_calls import count_cache_calls

# SQL queries of a page rendered with warm caches for a visitor who is not signed in, at most:
# the page itself comes with the site content (cms/i18n/middleware.py), the blog's listing
# rendered (BlogIndexPage.listing_markup); what is not cached whole is the contact form's
# fields. Privacy (cms/pages/privacy.py) and A/B tests (site_apps/experiments) cost none.
# Lower a number when a page gets cheaper.
QUERIES = {
    "home": 0,
    "standard (about)": 0,
    "standard (developers)": 0,
    "pricing": 0,
    "pricing (yearly)": 0,
    "contact": 1,
    "blog index": 0,
    "blog index (filtered)": 0,
    "blog post": 0,
}
# Redis round trips of a page rendered with warm caches (the full-page cache off, or a signed-in
# visitor): the content version, then one get_many for the site-content pieces the page read
# last time (its rendered body among them). When the page is stored in the full-page cache on
# the way: the front of the cache and the deep middleware each look for their entry (the
# version comes with it), the pieces come in one get_many, and each middleware writes its
# entry. Exactly one when it comes from the cache: the content version, read by the front of
# the cache, which holds the page in this process's memory (cms/page_cache.py).
RENDER_ROUND_TRIPS = 2
STORE_ROUND_TRIPS = 5
# The pages whose StreamField body is kept rendered (cms/blocks/templatetags/render_cache_tags.py).
WITH_BODY = {"home", "standard (about)", "standard (developers)", "pricing", "pricing (yearly)"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_type_renders_within_the_query_budget(
    client, multilingual_site, language, settings
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
    listing_counts = {}
    trips: dict[str, list[tuple[str, Any]]] = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, name  # renditions made, caches warm
        with CaptureQueriesContext(connection) as queries, count_cache_calls() as calls:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
        listing_counts[name] = sum("blog_blogpostpage" in q["sql"] for q in queries)
        trips[name] = [(call, key) for call, key in calls]
    over = {name: n for name, n in counts.items() if n > QUERIES[name]}
    assert not over, counts
    too_many = {name: n for name, n in trips.items() if len(n) > RENDER_ROUND_TRIPS}
    assert not too_many, trips
    for name in [*WITH_BODY, "blog post"]:
        fetched = [key for call, keys in trips[name] if call == "get_many" for key in keys]
        assert any(":body:" in key for key in fetched), (name, trips[name])
    for name, calls in trips.items():  # the header too (cms/blocks/templatetags)
        fetched = [key for call, keys in calls if call == "get_many" for key in keys]
        assert any(":fragment:site-header:" in key for key in fetched), (name, calls)
    # The blog's listing (filters, cards with their pictures, pager) comes rendered with the
    # other pieces, and none of its queries run (BlogIndexPage.listing_markup).
    for name in ("blog index", "blog index (filtered)"):
        fetched = [key for call, keys in trips[name] if call == "get_many" for key in keys]
        assert any(":blog-listing:" in key for key in fetched), trips[name]
        assert listing_counts[name] == 0, (name, listing_counts[name])

    settings.PAGE_CACHE_ENABLED = True
    for name, url in pages.items():
        with count_cache_calls() as calls:
            client.get(url)  # rendered and stored
        assert len(calls) <= STORE_ROUND_TRIPS, (name, calls)
        with CaptureQueriesContext(connection) as queries, count_cache_calls() as calls:
            assert client.get(url).status_code == 200
        assert (len(queries), calls) == (0, [("get", content_cache.VERSION_KEY)]), name


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
