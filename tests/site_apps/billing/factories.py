"""Billing's rows as Stripe's webhooks leave them (`plans.put_on_plan` puts a team on a plan)."""

from __future__ import annotations

import factory
from django.utils import timezone

from site_apps.billing.models import (
    Customer,
    PlanGrant,
    Price,
    Product,
    Subscription,
    SubscriptionStatus,
    WebhookEvent,
)
from tests.site_apps.teams.factories import TeamFactory


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    class Meta:
        model = Product

    stripe_id = factory.Sequence(lambda n: f"prod_{n}")
    name = factory.Sequence(lambda n: f"Product {n}")
    synced_at = factory.LazyFunction(timezone.now)


class PriceFactory(factory.django.DjangoModelFactory[Price]):
    """A monthly price (amounts in cents, as Stripe's)."""

    class Meta:
        model = Price

    stripe_id = factory.Sequence(lambda n: f"price_{n}")
    product_stripe_id = factory.Sequence(lambda n: f"prod_{n}")
    currency = "usd"
    unit_amount = 2900
    interval = "month"
    synced_at = factory.LazyFunction(timezone.now)


class CustomerFactory(factory.django.DjangoModelFactory[Customer]):
    """The team's Stripe customer: one per team, found if it exists."""

    class Meta:
        model = Customer
        django_get_or_create = ("team",)

    team = factory.SubFactory(TeamFactory)
    stripe_id = factory.LazyAttribute(lambda customer: f"cus_{customer.team.pk}")


class SubscriptionFactory(factory.django.DjangoModelFactory[Subscription]):
    """An active subscription of the team (as Stripe's webhooks would have stored it)."""

    class Meta:
        model = Subscription

    team = factory.SubFactory(TeamFactory)
    customer = factory.SubFactory(CustomerFactory, team=factory.SelfAttribute("..team"))
    stripe_id = factory.LazyAttribute(lambda subscription: f"sub_{subscription.team.pk}")
    status = SubscriptionStatus.ACTIVE
    stripe_created = factory.LazyFunction(timezone.now)
    synced_at = factory.SelfAttribute("stripe_created")


class WebhookEventFactory(factory.django.DjangoModelFactory[WebhookEvent]):
    class Meta:
        model = WebhookEvent

    stripe_id = factory.Sequence(lambda n: f"evt_{n}")
    type = "customer.subscription.updated"
    stripe_created = factory.LazyFunction(timezone.now)
    payload = factory.LazyAttribute(lambda event: {"id": event.stripe_id, "type": event.type})


class PlanGrantFactory(factory.django.DjangoModelFactory[PlanGrant]):
    """A plan the operator granted a team without Stripe (`services.grant_plan` in the app)."""

    class Meta:
        model = PlanGrant

    team = factory.SubFactory(TeamFactory)
    plan = "team"
    note = "Partner programme"
