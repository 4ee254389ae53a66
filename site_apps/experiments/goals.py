"""The goals an A/B test can count, besides wagtail-ab-testing's own "visit a page".

They are offered in the test's creation form (as goals that need no page) through the
`register_ab_testing_event_types` hook, and reported by the page script or, for a checkout,
by the billing success page.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail_ab_testing.events import BaseEvent

CTA_CLICK = "cta-click"
VISIT_PRICING = "visit-pricing"
CHECKOUT_COMPLETED = "checkout-completed"
VISIT_PAGE = "visit-page"  # wagtail-ab-testing's own, with a goal page


class CtaClick(BaseEvent):
    """A click on a call-to-action button (hero, call to action, pricing) of the tested page."""

    name = _("Click a call to action on the tested page")
    requires_page = False


class VisitPricing(BaseEvent):
    """A visit to the pricing page, in any language, after seeing the tested page."""

    name = _("Visit the pricing page")
    requires_page = False


class CheckoutCompleted(BaseEvent):
    """A subscription paid through Stripe Checkout, after seeing the tested page."""

    name = _("Complete a checkout")
    requires_page = False


GOALS = {
    CTA_CLICK: CtaClick(),
    VISIT_PRICING: VisitPricing(),
    CHECKOUT_COMPLETED: CheckoutCompleted(),
}
