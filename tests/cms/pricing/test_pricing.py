"""Plans as editor content, prices for both periods, and the not-yet-configured checkout."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from site_apps.billing.models import Plan
from site_apps.billing.offers import Price, billing_period_from, plans_with_prices
from tests.cms.home.factories import published
from tests.cms.pricing.factories import PlanFactory, PricingPageFactory


@pytest.fixture
def pricing_page(home_page):
    page = published(PricingPageFactory.create(parent=home_page, intro="Plans."))
    PlanFactory.create(
        name="Business",
        slug="business",
        sort_order=3,
        monthly_amount=99,
        yearly_amount=990,
        features="SSO\nPriority support",
    )
    PlanFactory.create(name="Starter", slug="starter", sort_order=1)
    PlanFactory.create(
        name="Team",
        slug="team",
        sort_order=2,
        monthly_amount=29,
        yearly_amount=290,
        highlighted=True,
    )
    return page


def test_prices_display_like_a_pricing_page():
    assert Price(Decimal("29"), "USD").display == "$29"
    assert Price(Decimal("24.1666"), "USD").display == "$24.17"
    assert Price(Decimal("1290"), "EUR").display == "€1,290"


def test_plans_come_in_editor_order_with_both_periods(pricing_page):
    offers = plans_with_prices()
    assert [o.plan.name for o in offers] == ["Starter", "Team", "Business"]
    team = offers[1]
    assert team.yearly_saving_percent == 17
    assert team.yearly_per_month.display == "$24.17"
    assert team.checkout_url("yearly") == "/pricing/checkout/team/?billing=yearly"
    assert team.checkout_available("yearly") is False


def test_billing_period_comes_from_the_query_string(rf):
    assert billing_period_from(rf.get("/?billing=yearly")) == "yearly"
    assert billing_period_from(rf.get("/?billing=weekly")) == "monthly"
    assert billing_period_from(None) == "monthly"


def test_the_switch_starts_on_the_period_in_the_link(client, pricing_page):
    monthly = BeautifulSoup(client.get("/pricing/").content, "html.parser")
    assert monthly.find("input", value="monthly").has_attr("checked")
    yearly = BeautifulSoup(client.get("/pricing/?billing=yearly").content, "html.parser")
    assert yearly.find("input", value="yearly").has_attr("checked")
    text = yearly.get_text(" ", strip=True)
    assert "$990 billed yearly" in text
    assert "Most popular" in text
    assert yearly.find("a", href="/pricing/checkout/team/?billing=yearly")


def test_editing_a_plan_shows_at_once(client, pricing_page):
    client.get("/pricing/")
    Plan.objects.filter(slug="team").update(name="Team")  # update() sends no signal...
    plan = Plan.objects.get(slug="team")
    plan.monthly_amount = Decimal(35)
    plan.save()  # ...save() does, and the cached plans are dropped
    assert "$35" in client.get("/pricing/").content.decode()


def test_checkout_explains_payments_are_not_configured(client, pricing_page):
    response = client.get("/pricing/checkout/team/?billing=yearly")
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "not configured" in text
    assert "$290 per year" in text
    assert client.get("/pricing/checkout/nope/").status_code == 404


def test_a_draft_plan_is_not_offered_until_published(client, pricing_page):
    """Plans have drafts and revisions like pages: visitors and checkout see live ones only."""
    plan = Plan.objects.get(slug="team")
    plan.name = "Team (new draft name)"
    plan.save_revision()  # a draft of a live plan: the page keeps the published name
    hidden = PlanFactory.create(name="Secret plan", slug="secret", live=False)
    page = client.get("/pricing/").content.decode()
    assert "Team (new draft name)" not in page
    assert "Secret plan" not in page
    assert client.get("/pricing/checkout/secret/").status_code == 404
    hidden.save_revision().publish()
    assert "Secret plan" in client.get("/pricing/").content.decode()
