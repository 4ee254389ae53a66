from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from site_apps.experiments import selectors

register = template.Library()


@register.inclusion_tag("experiments/tracking.html", takes_context=True)
def ab_tracking(context: Any) -> dict[str, Any]:
    """The page script's settings on a tested page or a goal page; nothing anywhere else."""
    page = context.get("page")
    request = context.get("request")
    page_id = getattr(page, "pk", None)
    if page_id is None or request is None:
        return {}
    running = selectors.running_tests()
    if not running.tests:
        return {}
    served = getattr(request, "ab_assignment", None)
    test = running.on_page(page_id) if served else None
    config: dict[str, Any] = {
        "page": page_id,
        "goals": running.goals_on_page(page_id),
        "urls": {"seen": reverse("experiments:seen"), "goal": reverse("experiments:goal")},
    }
    if test is not None and served is not None:
        config |= {"test": test.id, "version": served.version, "cta": True}
    if "test" not in config and not config["goals"]:
        return {}
    return {"ab_config": config}


@register.inclusion_tag("experiments/significance.html")
def ab_significance(ab_test: Any) -> dict[str, Any]:
    """The test's statistical significance so far, shown while it runs and in its results."""
    return {"ab_test": ab_test, "result": selectors.significance(ab_test)}
