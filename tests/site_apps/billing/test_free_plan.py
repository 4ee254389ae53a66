"""The free plan needs no payment: its button leads to sign-up, and a team without a paying
subscription is on it, with or without Stripe configured. No page answers it with
"payments are not configured"."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from site_apps.billing.models import Plan
from site_apps.teams.models import Role
from tests.cms.home.factories import published
from tests.cms.pricing.factories import PlanFactory, PricingPageFactory
from tests.site_apps.billing.factories import PriceFactory
from tests.site_apps.teams.factories import team_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(home_page, settings):
    settings.STRIPE_SECRET_KEY = ""  # the embedded default: Stripe not configured
    published(PricingPageFactory.create(parent=home_page))
    PlanFactory.create(
        name="Starter",
        slug="starter",
        sort_order=1,
        features="1 site\nCommunity support",
        cta_label="Start for free",
    )
    PlanFactory.create(name="Team", slug="team", sort_order=2, monthly_amount=29, yearly_amount=290)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_start_for_free_leads_to_sign_up_without_stripe(client, plans):
    page = soup(client.get("/pricing/"))
    free = page.find_all("a", attrs={"data-checkout": lambda v: v and v.startswith("starter-")})  # type: ignore[dict-item,return-value]
    assert [a["href"] for a in free] == ["/accounts/signup/", "/accounts/signup/"]
    assert "Start for free" in free[0].get_text()
    # An old link to the pricing page's explanation, or to checkout, never explains payments.
    for url in ("/pricing/checkout/starter/?billing=yearly", "/billing/checkout/?plan=starter"):
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert "not configured" not in soup(response).get_text(), url
    assert client.get("/pricing/checkout/starter/")["Location"] == "/accounts/signup/"


def test_a_new_team_is_on_the_free_plan_and_is_shown_how_to_upgrade(client, plans):
    team, (owner,) = team_with(Role.OWNER)
    client.force_login(owner.user)
    assert client.get("/billing/checkout/?plan=starter")["Location"] == "/teams/"
    page = soup(client.get(f"/teams/{team.slug}/billing/"))
    summary = page.find(attrs={"data-testid": "billing-summary"}).get_text(" ", strip=True)  # type: ignore[call-overload]
    assert "Free plan" in summary
    assert "Starter" in summary
    features = page.find(attrs={"data-testid": "free-plan-features"}).get_text(" ", strip=True)  # type: ignore[call-overload]
    # The limits the site enforces first (plans.py), then the editors' lines.
    assert features.startswith("Up to 3 members REST API: 3 API keys")
    assert features.endswith("1 site Community support")
    assert "not configured" not in page.get_text()
    # Nor does it promise a Stripe checkout page that this site cannot open yet.
    assert "Stripe" not in page.get_text()
    upgrade = page.find("a", attrs={"data-checkout": "team-monthly"})
    assert upgrade.get_text(strip=True) == "Upgrade to Team"
    # Without Stripe the paid plan's button leads to the existing clear explanation.
    explanation = soup(client.get(upgrade["href"])).get_text(" ", strip=True)
    assert "Online payments are not configured on this site yet" in explanation


def test_with_stripe_the_upgrade_button_leads_to_checkout(client, plans, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    Plan.objects.filter(slug="team").update(stripe_monthly_price_id="price_team_m")
    PriceFactory.create(
        stripe_id="price_team_m", unit_amount=2900, currency="usd", interval="month"
    )
    team, (owner,) = team_with(Role.OWNER)
    client.force_login(owner.user)
    page = soup(client.get(f"/teams/{team.slug}/billing/"))
    upgrade = page.find("a", attrs={"data-checkout": "team-monthly"})
    assert upgrade["href"] == "/billing/checkout/?plan=team&billing=monthly"
    checkout = soup(client.get(upgrade["href"])).get_text(" ", strip=True)
    assert "Continue to payment" in checkout


def test_billing_pages_speak_every_language_and_the_webhook_keeps_its_url(client, plans):
    team, (owner,) = team_with(Role.OWNER)
    client.force_login(owner.user)
    for language in ("es", "fr", "ar"):
        for url in (f"/{language}/teams/{team.slug}/billing/", f"/{language}/billing/cancel/"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert soup(response).html["lang"] == language, url
    spanish = soup(client.get(f"/es/teams/{team.slug}/billing/")).get_text(" ", strip=True)
    assert "Plan gratuito" in spanish
    assert soup(client.get(f"/es/teams/{team.slug}/settings/")).find(
        "a", href=f"/es/teams/{team.slug}/billing/"
    )
    # Stripe's webhook has one address, unprefixed (refused here: unsigned, or Stripe not
    # configured), and no prefixed copy.
    webhook = {"data": b"{}", "content_type": "application/json"}
    assert client.post("/billing/stripe/webhook/", **webhook).status_code in (400, 503)
    assert client.post("/es/billing/stripe/webhook/", **webhook).status_code == 404
