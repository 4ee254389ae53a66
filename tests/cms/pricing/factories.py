"""Pricing plans and the pricing page.

`Plan` is imported here and only here by the tests' factories: when the model moves to another
app, this import is the one line to change."""

from __future__ import annotations

import factory
import wagtail_factories
from django.utils.text import slugify
from wagtail.models import Locale

from cms.pricing.models import PricingPage
from site_apps.billing.models import Plan
from tests.cms.blocks.factories import page_body
from tests.cms.home.factories import site_with_home


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    """A live plan in the default locale."""

    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Plan {n}")
    slug = factory.LazyAttribute(lambda plan: slugify(plan.name))
    locale = factory.LazyFunction(Locale.get_default)


class PricingPageFactory(
    wagtail_factories.PageFactory, factory.django.DjangoModelFactory[PricingPage]
):
    class Meta:
        model = PricingPage

    parent = factory.LazyFunction(site_with_home)
    title = "Pricing"
    slug = "pricing"
    body = page_body()
