"""The sync_stripe command, the feature gate, and the billing screens of the Wagtail admin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from site_apps.billing.entitlements import team_can, team_has_active_subscription
from site_apps.billing.models import Price, Product, Subscription, WebhookEvent
from site_apps.teams.models import Role
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.billing.conftest import deliver
from tests.site_apps.billing.test_webhooks import checkout_paid
from tests.site_apps.teams.factories import team_with

pytestmark = pytest.mark.django_db


def test_sync_stripe_copies_products_and_prices(stripe_fake):
    product = stripe_fake.add_product("Team")
    monthly = stripe_fake.add_price(product, 2900, "month", "eur")
    stripe_fake.add_price(product, 500000, "year", "jpy")
    out = StringIO()
    call_command("sync_stripe", stdout=out)
    assert "Synced 1 products and 2 prices." in out.getvalue()
    assert Product.objects.get().name == "Team"
    price = Price.objects.get(stripe_id=monthly["id"])
    assert (price.currency, price.unit_amount, price.interval) == ("eur", 2900, "month")
    assert str(price.amount) == "29"
    assert str(Price.objects.get(currency="jpy").amount) == "500000"  # no cents in yen
    call_command("sync_stripe", stdout=StringIO())  # again: nothing doubles
    assert Price.objects.count() == 2


def test_sync_stripe_without_keys_or_with_stripe_down_says_why(settings, stripe_fake):
    stripe_fake.fail("/v1/products")
    with pytest.raises(CommandError, match="could not be read"):
        call_command("sync_stripe")
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(CommandError, match="STRIPE_SECRET_KEY"):
        call_command("sync_stripe")


def test_paid_features_follow_the_subscription(client, stripe_fake, catalogue):
    team, paid = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    assert not team_has_active_subscription(team)
    assert not team_can(team, "sms_verification")  # the free plan has no SMS
    assert team_can(team, "anything_free")
    for event in stripe_fake.events:
        deliver(client, event)
    assert team_has_active_subscription(team)
    team = type(team).objects.get(pk=team.pk)  # the plan is read once per team object
    assert team_can(team, "sms_verification")
    stripe_fake.fail_payment(paid["id"])  # past due: Stripe retries, the team keeps access
    deliver(client, stripe_fake.events[-1])
    team = type(team).objects.get(pk=team.pk)
    assert team_can(team, "sms_verification")
    stripe_fake.cancel_subscription(paid["id"])
    deliver(client, stripe_fake.events[-1])
    assert Subscription.objects.get().status == "canceled"
    team = type(team).objects.get(pk=team.pk)
    assert not team_can(team, "sms_verification")


def test_staff_see_customers_subscriptions_and_events_read_only(client, stripe_fake, catalogue):
    team, _ = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    for event in stripe_fake.events:
        deliver(client, event)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    subscriptions = client.get("/admin/billing_subscription/")
    assert subscriptions.status_code == 200
    assert team.name in subscriptions.content.decode()
    assert client.get("/admin/billing_customer/").status_code == 200
    events = client.get("/admin/billing_event/")
    assert "checkout.session.completed" in events.content.decode()
    event = WebhookEvent.objects.get(type="checkout.session.completed")
    inspect = client.get(f"/admin/billing_event/inspect/{event.pk}/")
    assert inspect.status_code == 200
    assert event.stripe_id in inspect.content.decode()
    # Nothing can be added, edited or deleted here: Stripe is the source of truth.
    subscription = Subscription.objects.get()
    for url in (
        reverse("billing_event:add"),
        reverse("billing_event:edit", args=[event.pk]),
        reverse("billing_event:delete", args=[event.pk]),
        reverse("billing_subscription:edit", args=[subscription.pk]),
        reverse("billing_customer:add"),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(reverse("billing_event:delete", args=[event.pk])).status_code in (302, 403)
    assert WebhookEvent.objects.filter(pk=event.pk).exists()


def test_staff_outside_a_team_do_not_see_its_subscription(client, stripe_fake, catalogue):
    from django.contrib.auth.models import Permission

    team, _ = checkout_paid(stripe_fake, catalogue["team_monthly"]["id"])
    for event in stripe_fake.events:
        deliver(client, event)
    _, (membership,) = team_with(Role.OWNER, name="Other")
    staff = membership.user
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_subscription"])
    )
    client.force_login(staff)
    listing = client.get("/admin/billing_subscription/")
    assert listing.status_code == 200
    assert team.name not in listing.content.decode()
    subscription = Subscription.objects.get()
    assert client.get(f"/admin/billing_subscription/inspect/{subscription.pk}/").status_code == 404
