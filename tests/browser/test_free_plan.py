"""A newcomer starts on the free plan, in English and in Arabic (right to left): "Start for
free" on the pricing page, sign-up, the emailed confirmation link, a team, and the team's
dashboard and billing page saying "Free plan". Stripe is not configured (the embedded default),
and nothing on the way says payments are not configured. Light, then dark, with axe on each."""

from __future__ import annotations

import pytest
from django.core import mail
from wagtail.models import Locale

from tests.browser.axe import serious_violations
from tests.browser.conftest import screenshot, shown_theme
from tests.browser.test_accounts_and_teams import PASSWORD, path_of_link
from tests.cms.home.factories import published
from tests.cms.pricing.factories import PlanFactory, PricingPageFactory


@pytest.fixture
def demo(site, settings):
    """A pricing page and two plans in English and Arabic (the demo's full translation would
    cost minutes)."""
    settings.STRIPE_SECRET_KEY = ""
    arabic = Locale.objects.get(language_code="ar")
    pricing = published(PricingPageFactory.create(parent=site))
    home_ar = site.copy_for_translation(arabic)
    home_ar.save_revision().publish()
    pricing.copy_for_translation(arabic).save_revision().publish()
    for locale in (site.locale, arabic):
        PlanFactory.create(
            name="Starter",
            slug="starter",
            locale=locale,
            sort_order=1,
            features="1 site\n1 editor\nCommunity support",
            cta_label="Start for free",
        )
        PlanFactory.create(name="Team", slug="team", locale=locale, sort_order=2, monthly_amount=29)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_newcomer_starts_on_the_free_plan_and_lands_on_the_team_dashboard(
    browser, live_server, demo, language
):
    prefix = "" if language == "en" else f"/{language}"
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, color_scheme="light"
    )
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    problems: list[str] = []

    tab.goto(f"{prefix}/pricing/")
    tab.locator("a[data-checkout='starter-monthly']").click()
    tab.wait_for_url(f"**{prefix}/accounts/signup/")
    problems += serious_violations(tab)
    tab.fill("input[name=email]", f"free-{language}@example.com")
    tab.fill("input[name=password1]", PASSWORD)
    tab.fill("input[name=password2]", PASSWORD)
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_url(f"**{prefix}/accounts/confirm-email/")
    problems += serious_violations(tab)

    tab.goto(path_of_link(mail.outbox[-1]))
    assert tab.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_url(f"**{prefix}/teams/new/")
    tab.fill("input[name=team-name]", "Free Riders")
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_url(f"**{prefix}/teams/free-riders/settings/")
    assert tab.get_by_role("heading", name="Free Riders", level=1).is_visible()
    problems += serious_violations(tab)

    # The dashboard's billing tab: the free plan, what it includes, how to upgrade.
    tab.locator("nav a[href$='/billing/']").click()
    tab.wait_for_url(f"**{prefix}/teams/free-riders/billing/")
    summary = tab.locator("[data-testid=billing-summary]")
    assert tab.locator("[data-testid=free-plan-features] li").count() >= 3
    assert tab.locator("[data-testid=upgrade] a[data-checkout='team-monthly']").is_visible()
    if language == "en":
        assert "Free plan" in summary.inner_text()
    assert "not configured" not in tab.content()
    problems += serious_violations(tab)
    screenshot(tab, f"free-plan-billing-{language}-light")

    # Dark, chosen with the header's toggle.
    tab.locator("header [data-theme-toggle]").first.click()
    assert shown_theme(tab) == "dark"
    problems += serious_violations(tab)
    screenshot(tab, f"free-plan-billing-{language}-dark")
    tab.goto(f"{prefix}/teams/free-riders/settings/")
    problems += serious_violations(tab)
    assert problems == [], "\n".join(problems)
    assert errors == [], errors
    context.close()
