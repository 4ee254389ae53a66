"""A/B tests in Wagtail: our goals in the test form, and each visitor served their version.

wagtail-ab-testing supplies the admin (create a test from a page's draft, follow it while it runs,
read the report with its chi-squared significance, pick the winner). Serving is ours: its own
`before_serve_page` hook balances versions with a query per request (on every page, tested or
not) and sets a cookie from the page script without asking, so `apps.py` unregisters it; this
one answers every request for a tested page, with the version `visitors.assign` picks (no
query, no cookie), and lets every other page through without asking the database.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Page
from wagtail_ab_testing.models import AbTest

from site_apps.experiments import goals, selectors, visitors


@hooks.register("register_ab_testing_event_types")
def register_goals() -> dict[str, Any]:
    return goals.GOALS


@hooks.register("before_serve_page", order=-1)
def serve_tested_version(
    page: Page, request: HttpRequest, serve_args: Any, serve_kwargs: Any
) -> HttpResponse | None:
    test = selectors.running_tests().on_page(page.pk)
    if test is None:
        return None
    if any(not restriction.accept_request(request) for restriction in page.get_view_restrictions()):
        # A private page asks for its password or a sign-in first: Wagtail's own serving (its
        # `on_serve_page` check) answers; neither version is served until then.
        return None
    assignment = visitors.assign(request, test.id)
    request.ab_assignment = assignment  # type: ignore[attr-defined]
    # Kept fragments (the SEO tags, a post's article) are kept per version of the page.
    request.content_variant = f"ab{test.id}-{assignment.version}"  # type: ignore[attr-defined]
    if assignment.version == AbTest.VERSION_VARIANT:
        ab_test = AbTest.objects.select_related("variant_revision").filter(pk=test.id).first()
        if ab_test is not None:
            variant = ab_test.variant_revision.as_object()
            return variant.serve(request, *serve_args, **serve_kwargs)
    return page.serve(request, *serve_args, **serve_kwargs)
