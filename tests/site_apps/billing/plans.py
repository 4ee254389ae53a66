"""Putting a team on a plan in tests: the rows a Stripe checkout and its webhooks leave behind
(a customer, an entitled subscription to a price the editors attached to that pricing plan)."""

from __future__ import annotations

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from site_apps.billing.models import Plan, Subscription
from site_apps.billing.plans import FREE_PLAN
from site_apps.teams.models import Team
from tests.site_apps.billing.factories import SubscriptionFactory


def default_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def put_on_plan(team: Team, slug: str) -> None:
    """The team subscribes to plan `slug` (the free plan: any subscription ends)."""
    Subscription.objects.filter(team=team).update(status="canceled")
    team.__dict__.pop("_plan_limits", None)
    if slug == FREE_PLAN:
        return
    price = f"price_{slug}_monthly"
    if not Plan.objects.filter(stripe_monthly_price_id=price).exists():
        Plan.objects.update_or_create(
            slug=slug,
            locale=Locale.objects.get_or_create(language_code=default_language())[0],
            defaults={"name": slug.title(), "stripe_monthly_price_id": price},
        )
    SubscriptionFactory.create(
        team=team,
        stripe_id=f"sub_{team.pk}_{slug}_{Subscription.objects.count()}",
        price_stripe_id=price,
    )
