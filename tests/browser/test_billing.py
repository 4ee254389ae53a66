"""The subscribe journey in a real Chromium, against the local fake Stripe: an owner picks the
yearly Team plan on the pricing page, confirms, "pays" on the fake Checkout page, lands on the
success page and sees the subscription on the team's billing page. Screenshots in light and dark
(var/screenshots/billing-*.png) and axe on each page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from site_apps.billing.models import Plan, Subscription
from site_apps.billing.services import sync_catalogue
from site_apps.teams.models import Role
from tests.browser.axe import serious_violations
from tests.browser.conftest import screenshot
from tests.browser.test_accounts_and_teams import PASSWORD, log_in
from tests.demo_snapshot import demo_home
from tests.site_apps.accounts.factories import verified
from tests.site_apps.billing.fake_stripe import API_KEY, WEBHOOK_SECRET, FakeStripe, fake_stripe
from tests.site_apps.teams.factories import team_with


@pytest.fixture
def stripe_site(site, settings) -> Iterator[FakeStripe]:
    with fake_stripe() as fake:
        settings.STRIPE_SECRET_KEY = API_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = fake.url
        demo_home(translate=False)
        product = fake.add_product("Team")
        monthly = fake.add_price(product, 2900, "month")
        yearly = fake.add_price(product, 29000, "year")
        sync_catalogue()
        plan = Plan.objects.get(slug="team")
        plan.stripe_monthly_price_id = monthly["id"]
        plan.stripe_yearly_price_id = yearly["id"]
        plan.save()
        yield fake


@pytest.fixture
def owner(stripe_site):
    _, (membership,) = team_with(Role.OWNER, name="Acme Rockets")
    membership.user.email = "owner@example.com"
    membership.user.set_password(PASSWORD)
    membership.user.save()
    verified(membership.user)
    return membership


def test_an_owner_subscribes_through_the_fake_checkout(page, owner, stripe_site):
    log_in(page, owner.user.email)
    page.goto("/pricing/")
    team = page.locator("li", has=page.locator("h2", has_text="Team"))
    assert "$29" in team.locator(".price-monthly").first.inner_text()
    page.get_by_label("Yearly").check()
    assert "$290 billed yearly" in team.inner_text()
    shots = {"pricing-yearly": page.url}
    screenshot(page, "billing-pricing-yearly-light")

    team.locator("a[data-checkout=team-yearly]").click()
    page.wait_for_url("**/billing/checkout/?plan=team&billing=yearly")
    assert "$290 per year" in page.inner_text("main")
    # A team's first subscription is a free trial, as the pricing page says.
    assert "The first 14 days are free" in page.get_by_test_id("checkout-trial").inner_text()
    shots["checkout"] = page.url
    screenshot(page, "billing-checkout-light")
    page.get_by_role("button", name="Continue to payment").click()

    # Our CSP lets the form lead on to Checkout (here the fake's origin).
    page.wait_for_url(f"{stripe_site.url}/c/pay/**")
    assert page.get_by_role("heading", name="Fake Stripe Checkout").is_visible()
    page.get_by_role("button", name="Pay").click()

    page.wait_for_url("**/billing/success/?session_id=cs_test_*")
    summary = page.get_by_test_id("success-summary").inner_text()
    assert "Acme Rockets is now on the Team plan." in summary
    shots["success"] = page.url
    screenshot(page, "billing-success-light")
    subscription = Subscription.objects.get(team=owner.team)
    assert subscription.status == "trialing"

    page.get_by_role("link", name="See your team's billing").click()
    page.wait_for_url(f"**/teams/{owner.team.slug}/billing/")
    billing = page.get_by_test_id("billing-summary").inner_text()
    assert "Team · yearly" in billing
    assert "Trialing" in billing
    assert "Trial ends on" in billing
    assert page.get_by_test_id("trial-note").is_visible()
    shots["billing"] = page.url
    screenshot(page, "billing-team-light")
    assert not page.console_errors

    problems = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for name, url in shots.items():
            page.goto(url)
            if name == "pricing-yearly":
                page.get_by_label("Yearly").check()
            if found := serious_violations(page):
                problems[f"{name} {scheme}"] = found
            if scheme == "dark":
                screenshot(page, f"billing-{name}-dark")
    assert not problems, problems


def test_a_member_is_told_only_owners_and_admins_subscribe(page, stripe_site):
    _, (_, member) = team_with(Role.OWNER, Role.MEMBER, name="Acme Rockets")
    member.user.email = "member@example.com"
    member.user.set_password(PASSWORD)
    member.user.save()
    verified(member.user)
    log_in(page, member.user.email)
    page.goto("/pricing/")
    page.locator("a[data-checkout=team-monthly]").click()
    page.wait_for_url("**/billing/checkout/**")
    assert "Only a team's owners and admins can subscribe it" in page.inner_text("main")
    assert page.get_by_role("button", name="Continue to payment").count() == 0
    assert not stripe_site.sessions
