"""Checkout, the success and cancel pages, the team's billing page and the customer portal,
through the real SDK against the fake Stripe."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from site_apps.billing.models import Customer, Subscription
from site_apps.teams.models import Role
from tests.cms.home.factories import published
from tests.cms.pricing.factories import PlanFactory, PricingPageFactory
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.teams.factories import MembershipFactory, team_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(home_page, catalogue):
    published(PricingPageFactory.create(parent=home_page))
    PlanFactory.create(name="Starter", slug="starter", sort_order=1)
    return PlanFactory.create(
        name="Team",
        slug="team",
        sort_order=2,
        monthly_amount=1,  # fallback amounts, replaced by Stripe's
        yearly_amount=10,
        stripe_monthly_price_id=catalogue["team_monthly"]["id"],
        stripe_yearly_price_id=catalogue["team_yearly"]["id"],
    )


def signed_in(client, role: str):
    team, (membership,) = team_with(role)
    client.force_login(membership.user)
    return team, membership


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_the_pricing_page_shows_stripe_amounts_and_links_to_checkout(client, plans, catalogue):
    page = BeautifulSoup(client.get("/pricing/?billing=yearly").content, "html.parser")
    content = page.get_text(" ", strip=True)
    assert "$29 /month" in content  # 2900 cents from Stripe, not the fallback $1
    assert "$290 billed yearly" in content
    assert page.find("a", href="/billing/checkout/?plan=team&billing=yearly")
    assert page.find("a", href="/accounts/signup/")  # the free plan starts at sign-up
    assert "not configured" not in content


def test_without_stripe_keys_the_pricing_page_says_payments_are_not_configured(
    client, plans, settings
):
    settings.STRIPE_SECRET_KEY = ""
    response = client.get("/pricing/")
    assert response.status_code == 200
    assert "Online payments are not configured yet." in text(response)
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("a", href="/pricing/checkout/team/?billing=monthly")
    assert "not configured" in text(client.get("/pricing/checkout/team/?billing=monthly"))


def test_an_owner_starts_checkout_for_the_team(client, plans, stripe_fake, catalogue):
    team, _owner = signed_in(client, Role.OWNER)
    confirm = client.get("/billing/checkout/?plan=team&billing=yearly")
    assert confirm.status_code == 200
    assert "$290 per year" in text(confirm)
    assert "checkout.stripe.com" in confirm["Content-Security-Policy"]
    form = {"plan": "team", "billing": "yearly", "team": team.slug, "attempt": "press-1"}
    response = client.post("/billing/checkout/", form)
    assert response.status_code == 303
    session = next(iter(stripe_fake.sessions.values()))
    assert response["Location"] == session["url"]
    assert session["mode"] == "subscription"
    assert session["client_reference_id"] == str(team.pk)
    assert session["metadata"] == {"team_id": str(team.pk)}
    assert session["_subscription_data"]["metadata"] == {"team_id": str(team.pk)}
    assert session["_line_items"] == [{"price": catalogue["team_yearly"]["id"], "quantity": "1"}]
    assert session["success_url"].endswith("/billing/success/?session_id={CHECKOUT_SESSION_ID}")
    customer = Customer.objects.get(team=team)
    assert session["customer"] == customer.stripe_id
    assert stripe_fake.customers[customer.stripe_id]["metadata"] == {"team_id": str(team.pk)}
    # Pressing twice (same form) gets the same session back, and the team keeps one customer.
    again = client.post("/billing/checkout/", form)
    assert again["Location"] == response["Location"]
    assert len(stripe_fake.sessions) == 1
    assert len(stripe_fake.customers) == 1
    creates = stripe_fake.creates()
    assert creates
    assert all(r["idempotency_key"] for r in creates)


def test_a_member_cannot_start_checkout(client, plans, stripe_fake):
    team, _member = signed_in(client, Role.MEMBER)
    page = client.get("/billing/checkout/?plan=team&billing=monthly")
    assert page.status_code == 403
    assert "owners and admins" in text(page)
    assert not BeautifulSoup(page.content, "html.parser").find(
        "button", string="Continue to payment"
    )
    form = {"plan": "team", "billing": "monthly", "team": team.slug, "attempt": "x"}
    response = client.post("/billing/checkout/", form)
    assert response.status_code == 403
    assert "owners and admins" in text(response)
    assert not stripe_fake.creates()
    assert not Customer.objects.exists()


def test_a_member_is_told_only_owners_and_admins_subscribe_even_without_payments(
    client, plans, settings
):
    """Payments not configured is not the member's problem: they are told who can subscribe."""
    settings.STRIPE_SECRET_KEY = ""
    signed_in(client, Role.MEMBER)
    page = client.get("/billing/checkout/?plan=team&billing=yearly")
    assert page.status_code == 403
    said = text(page)
    assert "Only a team's owners and admins can subscribe it to a plan." in said
    assert "Online payments are not configured" not in said


def test_checkout_for_a_team_you_are_not_in_is_refused(client, plans, stripe_fake):
    signed_in(client, Role.OWNER)
    other, _ = team_with(Role.OWNER, name="Other")
    form = {"plan": "team", "billing": "monthly", "team": other.slug, "attempt": "x"}
    assert client.post("/billing/checkout/", form).status_code == 400
    assert not stripe_fake.creates()


def test_signed_out_visitors_sign_in_first(client, plans):
    response = client.get("/billing/checkout/?plan=team&billing=monthly")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_someone_without_a_team_is_asked_to_make_one(client, plans):
    client.force_login(UserFactory())
    response = client.get("/billing/checkout/?plan=team&billing=monthly")
    assert "Create your team first" in text(response)


def test_unknown_plans_and_periods_are_not_found(client, plans):
    signed_in(client, Role.OWNER)
    assert client.get("/billing/checkout/?plan=nope").status_code == 404
    assert client.get("/billing/checkout/?plan=team&billing=weekly").status_code == 404


def test_the_success_page_stores_the_subscription_before_any_webhook(
    client, plans, stripe_fake, no_trial
):
    team, _owner = signed_in(client, Role.ADMIN)
    form = {"plan": "team", "billing": "monthly", "team": team.slug, "attempt": "a"}
    client.post("/billing/checkout/", form)
    session_id = next(iter(stripe_fake.sessions))
    stripe_fake.complete_checkout(session_id)
    response = client.get(f"/billing/success/?session_id={session_id}")
    assert response.status_code == 200
    assert f"{team.name} is now on the Team plan." in text(response)
    assert Subscription.objects.get(team=team).status == "active"
    # Another person cannot read someone else's checkout.
    client.force_login(UserFactory())
    assert client.get(f"/billing/success/?session_id={session_id}").status_code == 403
    assert client.get("/billing/success/?session_id=cs_nope").status_code == 404


def test_the_cancel_page_says_nothing_was_charged(client, plans):
    response = client.get("/billing/cancel/?plan=team&billing=yearly")
    assert "Nothing was charged" in text(response)
    assert BeautifulSoup(response.content, "html.parser").find("a", href="/pricing/?billing=yearly")


def test_the_billing_page_shows_the_subscription_and_opens_the_portal(
    client, plans, stripe_fake, no_trial
):
    team, _owner = signed_in(client, Role.OWNER)
    assert "Free plan" in text(client.get(f"/teams/{team.slug}/billing/"))
    client.post(
        "/billing/checkout/",
        {"plan": "team", "billing": "yearly", "team": team.slug, "attempt": "a"},
    )
    session_id = next(iter(stripe_fake.sessions))
    subscription = stripe_fake.complete_checkout(session_id)
    stripe_fake.update_subscription(subscription["id"], cancel_at_period_end=True)
    client.get(f"/billing/success/?session_id={session_id}")
    page = text(client.get(f"/teams/{team.slug}/billing/"))
    assert "Team · yearly" in page
    assert "Active" in page
    assert "Ends on" in page
    portal = client.post(f"/teams/{team.slug}/billing/portal/", {"attempt": "p"})
    assert portal.status_code == 303
    assert portal["Location"].startswith(f"{stripe_fake.url}/p/session/")


def test_members_see_the_billing_page_but_cannot_open_the_portal(client, plans, stripe_fake):
    team, _member = signed_in(client, Role.MEMBER)
    page = client.get(f"/teams/{team.slug}/billing/")
    assert page.status_code == 200
    assert "Only the team's owners and admins" in text(page)
    assert client.post(f"/teams/{team.slug}/billing/portal/").status_code == 403
    other = MembershipFactory(role=Role.OWNER)
    assert client.get(f"/teams/{other.team.slug}/billing/").status_code == 404


def test_the_pricing_page_with_stripe_prices_keeps_its_query_budget(
    client, plans, catalogue, django_assert_max_num_queries
):
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/pricing/")  # caches warm
    with CaptureQueriesContext(connection) as few:
        client.get("/pricing/")
    budget = len(few.captured_queries)  # read now: each request clears the query log
    assert budget <= 10
    for n in range(5):  # more plans with Stripe prices: still the same number of queries
        PlanFactory.create(
            name=f"Extra {n}",
            slug=f"extra-{n}",
            sort_order=10 + n,
            monthly_amount=Decimal(1),
            stripe_monthly_price_id=catalogue["business_monthly"]["id"],
            stripe_yearly_price_id=catalogue["business_yearly"]["id"],
        )
    client.get("/pricing/")
    with django_assert_max_num_queries(budget):
        response = client.get("/pricing/")
    assert "$99" in text(response)


def test_the_billing_page_reads_in_a_fixed_number_of_queries(
    client, plans, stripe_fake, django_assert_max_num_queries
):
    team, _ = signed_in(client, Role.OWNER)
    client.post(
        "/billing/checkout/",
        {"plan": "team", "billing": "yearly", "team": team.slug, "attempt": "a"},
    )
    session_id = next(iter(stripe_fake.sessions))
    stripe_fake.complete_checkout(session_id)
    client.get(f"/billing/success/?session_id={session_id}")
    client.get(f"/teams/{team.slug}/billing/")
    with django_assert_max_num_queries(10):
        assert client.get(f"/teams/{team.slug}/billing/").status_code == 200


def test_a_team_that_pays_already_is_sent_to_its_billing_page(client, plans, stripe_fake):
    team, _ = signed_in(client, Role.OWNER)
    form = {"plan": "team", "billing": "monthly", "team": team.slug, "attempt": "a"}
    client.post("/billing/checkout/", form)
    session_id = next(iter(stripe_fake.sessions))
    stripe_fake.complete_checkout(session_id)
    client.get(f"/billing/success/?session_id={session_id}")
    again = client.post("/billing/checkout/", form | {"attempt": "b", "billing": "yearly"})
    assert again.status_code == 409
    assert "already has a subscription" in text(again)
    page = BeautifulSoup(again.content, "html.parser")
    assert page.find("a", href=f"/teams/{team.slug}/billing/")
    assert len(stripe_fake.sessions) == 1


def test_stripe_is_never_called_inside_a_transaction(
    client, plans, stripe_fake, settings, no_trial
):
    """While Stripe answers, the caller holds no transaction and so no row lock: not on the
    checkout's success page, nor while a webhook event is applied (issue 14)."""
    from django.db import connections

    from tests.site_apps.billing.conftest import deliver

    connection = connections["default"]  # this thread's: the one requests here use
    outside = len(connection.atomic_blocks)  # the test's own transaction
    depths: list[int] = []
    stripe_fake.on_request = lambda: depths.append(len(connection.atomic_blocks))

    team, _owner = signed_in(client, Role.OWNER)
    form = {"plan": "team", "billing": "monthly", "team": team.slug, "attempt": "a"}
    client.post("/billing/checkout/", form)
    session_id = next(iter(stripe_fake.sessions))
    stripe_fake.complete_checkout(session_id)
    assert client.get(f"/billing/success/?session_id={session_id}").status_code == 200
    for event in list(stripe_fake.events):
        assert deliver(client, event).status_code == 200
    assert Subscription.objects.get(team=team).status == "active"
    assert len(depths) >= 3, "checkout, the success page and the events all read Stripe"
    assert set(depths) == {outside}


def test_a_teams_first_subscription_starts_with_a_free_trial_and_no_card(
    client, plans, stripe_fake, settings
):
    """What the pricing copy promises: 14 days free, no card asked for, and Stripe cancels
    at the end of the trial unless a payment method was added."""
    settings.BILLING_TRIAL_DAYS = 14
    team, _owner = signed_in(client, Role.OWNER)
    confirm = client.get("/billing/checkout/?plan=team&billing=monthly")
    assert "The first 14 days are free, and no card is needed until they end." in text(confirm)
    form = {"plan": "team", "billing": "monthly", "team": team.slug, "attempt": "t1"}
    assert client.post("/billing/checkout/", form).status_code == 303
    session = next(iter(stripe_fake.sessions.values()))
    assert session["payment_method_collection"] == "if_required"
    data = session["_subscription_data"]
    assert data["trial_period_days"] == "14"
    assert data["trial_settings"] == {"end_behavior": {"missing_payment_method": "cancel"}}

    stripe_fake.complete_checkout(session["id"])
    client.get(f"/billing/success/?session_id={session['id']}")
    subscription = Subscription.objects.get(team=team)
    assert subscription.status == "trialing"
    assert subscription.is_entitled
    page = text(client.get(f"/teams/{team.slug}/billing/"))
    assert "Trialing" in page
    assert "Trial ends on" in page
    assert "without one the subscription ends and the team returns to the free plan" in page


def test_a_team_that_had_a_subscription_pays_from_the_first_day(client, plans, stripe_fake):
    """One trial per team: after a cancelled subscription, the next asks for a card."""
    team, _owner = signed_in(client, Role.OWNER)
    form = {"plan": "team", "billing": "monthly", "team": team.slug, "attempt": "t2"}
    client.post("/billing/checkout/", form)
    first = next(iter(stripe_fake.sessions.values()))
    stripe_fake.complete_checkout(first["id"])
    client.get(f"/billing/success/?session_id={first['id']}")
    Subscription.objects.filter(team=team).update(status="canceled", ended_at=timezone.now())

    confirm = client.get("/billing/checkout/?plan=team&billing=monthly")
    assert confirm.status_code == 200
    assert not BeautifulSoup(confirm.content, "html.parser").select(
        '[data-testid="checkout-trial"]'
    )
    client.post("/billing/checkout/", {**form, "attempt": "t2-again"})
    second = list(stripe_fake.sessions.values())[-1]
    assert second["id"] != first["id"]
    assert second["payment_method_collection"] == "always"  # Stripe's default: a card
    assert "trial_period_days" not in second["_subscription_data"]


def test_without_trials_checkout_asks_for_a_card(client, plans, stripe_fake, no_trial):
    team, _owner = signed_in(client, Role.OWNER)
    confirm = client.get("/billing/checkout/?plan=team&billing=monthly")
    assert not BeautifulSoup(confirm.content, "html.parser").select(
        '[data-testid="checkout-trial"]'
    )
    form = {"plan": "team", "billing": "monthly", "team": team.slug, "attempt": "t3"}
    client.post("/billing/checkout/", form)
    session = next(iter(stripe_fake.sessions.values()))
    assert "trial_period_days" not in session["_subscription_data"]


def test_the_free_plan_lists_the_limits_the_site_enforces(client, plans):
    """What the billing page says the free plan includes comes from the same numbers the
    limits are enforced with (plans.py), as /pricing/ lists them, then the editors' lines."""
    team, _ = signed_in(client, Role.OWNER)
    page = BeautifulSoup(client.get(f"/teams/{team.slug}/billing/").content, "html.parser")
    lines = [li.get_text(" ", strip=True) for li in page.select("[data-entitlement]")]
    assert "Up to 3 members" in lines
    assert any("3 API keys" in line for line in lines)
    assert any("100 MB of file storage" in line for line in lines)


def test_a_price_no_plan_lists_is_named_as_the_plan_its_limits_come_from(client, plans):
    """A subscription to a Stripe price no editor attached gets UNLISTED_PRICE_PLAN's limits
    (entitlements); the page names that plan, never the raw price id."""
    from site_apps.billing.plans import UNLISTED_PRICE_PLAN
    from tests.site_apps.billing.factories import SubscriptionFactory

    team, _ = signed_in(client, Role.OWNER)
    SubscriptionFactory(team=team, price_stripe_id="price_walkA")
    page = text(client.get(f"/teams/{team.slug}/billing/"))
    assert "price_walkA" not in page
    assert plans.slug == UNLISTED_PRICE_PLAN
    assert f"Plan {plans.name} Status" in page
