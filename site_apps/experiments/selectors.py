"""Reads about running A/B tests, cached with the site content so pages pay no query for them.

`page_cache_variant()` is the contract with the anonymous full-page cache: it names the version
a request would be served, so the cache can keep one copy per version of a tested page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.http import HttpRequest
from wagtail.models import Site
from wagtail_ab_testing.models import AbTest

from cms.content_cache import cached_content
from site_apps.experiments import goals, visitors


@dataclass(frozen=True)
class RunningTest:
    id: int
    page_id: int
    goal_event: str
    goal_page_id: int | None
    site_id: int | None
    path: str  # the tested page's path on its site, language prefix included


@dataclass(frozen=True)
class RunningTests:
    tests: tuple[RunningTest, ...]
    pricing_page_ids: frozenset[int]

    def on_page(self, page_id: int) -> RunningTest | None:
        return next((test for test in self.tests if test.page_id == page_id), None)

    def counting(self, event: str, page_id: int | None) -> list[RunningTest]:
        """The tests for which `event` (on page `page_id`) reaches their goal."""
        tests = [test for test in self.tests if test.goal_event == event]
        if event == goals.CTA_CLICK:
            return [test for test in tests if test.page_id == page_id]
        if event == goals.VISIT_PAGE:
            return [test for test in tests if test.goal_page_id == page_id]
        if event == goals.VISIT_PRICING:
            return tests if page_id in self.pricing_page_ids else []
        return tests

    def goals_on_page(self, page_id: int) -> list[str]:
        """The visit goals the page script must report on this page."""
        events = []
        if any(t.goal_event == goals.VISIT_PAGE and t.goal_page_id == page_id for t in self.tests):
            events.append(goals.VISIT_PAGE)
        if page_id in self.pricing_page_ids and any(
            t.goal_event == goals.VISIT_PRICING for t in self.tests
        ):
            events.append(goals.VISIT_PRICING)
        return events


def _no_pricing_pages() -> frozenset[int]:
    return frozenset()


_pricing_page_ids: Callable[[], frozenset[int]] = _no_pricing_pages


def register_pricing_pages(live_ids: Callable[[], frozenset[int]]) -> None:
    """Called by the pricing page app's `ready()` (a page app, above this one in the layers):
    `live_ids()` are the live pricing pages, for the "visited the pricing page" goal."""
    global _pricing_page_ids
    _pricing_page_ids = live_ids


def running_tests() -> RunningTests:
    return cached_content("experiments:running", _load_running_tests)


def _load_running_tests() -> RunningTests:
    tests = []
    for test in AbTest.objects.filter(status=AbTest.STATUS_RUNNING).select_related("page"):
        parts = test.page.get_url_parts()
        tests.append(
            RunningTest(
                id=test.pk,
                page_id=test.page_id,
                goal_event=test.goal_event,
                goal_page_id=test.goal_page_id,
                site_id=parts[0] if parts else None,
                path=parts[2] if parts else "",
            )
        )
    pricing = _pricing_page_ids() if tests else frozenset()
    return RunningTests(tests=tuple(tests), pricing_page_ids=pricing)


def page_cache_variant(request: HttpRequest) -> str:
    """The part of a full-page cache key that tells A/B versions apart: "" for every page not
    under test (one cached copy, as before), "ab<test id>-control" or "ab<test id>-variant" for
    the page under test, as this request would be served it. Costs no query once warm."""
    running = running_tests()
    if not running.tests:
        return ""
    site = Site.find_for_request(request)
    site_id = site.pk if site else None
    for test in running.tests:
        if test.path == request.path and test.site_id in (site_id, None):
            return f"ab{test.id}-{visitors.assign(request, test.id).version}"
    return ""


@dataclass(frozen=True)
class Significance:
    """How sure the conversions so far let us be that the versions differ."""

    control_rate: float
    variant_rate: float
    p_value: float | None  # None while there is too little to test
    leader: str | None  # the version converting better, when there is one

    @property
    def control_percent(self) -> float:
        return round(self.control_rate * 100, 1)

    @property
    def variant_percent(self) -> float:
        return round(self.variant_rate * 100, 1)

    @property
    def confident(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05


def significance(ab_test: AbTest) -> Significance:
    """A chi-squared test of the conversions so far (the one wagtail-ab-testing uses to name a
    winner when a test finishes), shown while the test runs too."""
    # imported here: heavy (numpy and scipy), loaded only when a result is computed
    import numpy as np
    from scipy.stats import chi2_contingency

    totals = ab_test.hourly_logs.aggregate(
        control_seen=Sum("participants", filter=Q(version=AbTest.VERSION_CONTROL), default=0),
        control_won=Sum("conversions", filter=Q(version=AbTest.VERSION_CONTROL), default=0),
        variant_seen=Sum("participants", filter=Q(version=AbTest.VERSION_VARIANT), default=0),
        variant_won=Sum("conversions", filter=Q(version=AbTest.VERSION_VARIANT), default=0),
    )
    control_seen, control_won = totals["control_seen"], totals["control_won"]
    variant_seen, variant_won = totals["variant_seen"], totals["variant_won"]
    control_rate = control_won / control_seen if control_seen else 0.0
    variant_rate = variant_won / variant_seen if variant_seen else 0.0
    leader = None
    if control_rate != variant_rate:
        leader = AbTest.VERSION_CONTROL if control_rate > variant_rate else AbTest.VERSION_VARIANT
    table = np.array(
        [[control_won, control_seen - control_won], [variant_won, variant_seen - variant_won]]
    )
    # The test needs people in both versions, some conversions and some non-conversions.
    if (table < 0).any() or 0 in table.sum(axis=0) or 0 in table.sum(axis=1):
        return Significance(control_rate, variant_rate, None, leader)
    p_value = float(chi2_contingency(table, correction=False)[1])
    return Significance(control_rate, variant_rate, p_value, leader)
