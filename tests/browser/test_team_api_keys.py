"""A team's API keys in its dashboard, in a real browser, in English and Arabic, light and
dark, at 390 and 1280 px, checked with axe: the owner creates a key, copies it, calls the API
with it and revokes it; a member sees the keys but cannot create one; a team at its plan's
member limit cannot invite and is told why. One browser context per language."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from site_apps.api.models import TeamAPIKey
from site_apps.teams.models import Role
from tests.browser.axe import serious_violations
from tests.browser.conftest import screenshot
from tests.browser.test_accounts_and_teams import SIZES
from tests.site_apps.accounts.factories import verified
from tests.site_apps.api.factories import key_with_secret
from tests.site_apps.teams.factories import make_invitation, team_with


@pytest.fixture
def full_free_team(site):
    """Acme on the free plan, its 3 seats taken: the owner, a member, an open invitation."""
    team, (owner, member) = team_with(Role.OWNER, Role.MEMBER, name="Acme")
    verified(owner.user)
    make_invitation(team, "pending@example.com", author=owner.user)
    return team, owner.user, member.user


def sign_in(context, user, base_url: str) -> None:
    """The person's session cookie, as signing in leaves it (sign-in has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.clear_cookies()
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


SCHEME_SCRIPT = """scheme => {
  const root = document.documentElement;
  root.dataset.theme = scheme === "dark" ? root.dataset.darkTheme || "dark"
                                         : root.dataset.lightTheme || "light";
}"""


def look(tab, name: str, problems: dict[str, list[str]]) -> None:
    """Screenshots at both widths, light and dark, and axe in both schemes, without reloading
    the page."""
    for size, viewport in SIZES.items():
        tab.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            tab.emulate_media(color_scheme=scheme)
            tab.evaluate(SCHEME_SCRIPT, scheme)  # what theme-init.js does at load
            screenshot(tab, f"{name}-{size}-{scheme}")
            if size == "390":  # axe once per scheme: the widths share their markup and colours
                problems[f"{name}-{size}-{scheme}"] = serious_violations(tab)
    tab.set_viewport_size(SIZES["1280"])
    tab.emulate_media(color_scheme="light")
    tab.evaluate(SCHEME_SCRIPT, "light")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_owner_makes_copies_uses_and_revokes_a_key_member_cannot(
    browser, live_server, full_free_team, language
):
    team, owner, member = full_free_team
    with translation.override(language):
        keys_url = reverse("api_keys:list", args=[team.slug])
        settings_url = reverse("teams:settings", args=[team.slug])
    context = browser.new_context(base_url=live_server.url, viewport=SIZES["1280"])
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    problems: dict[str, list[str]] = {}

    sign_in(context, owner, live_server.url)
    tab.goto(keys_url)
    assert tab.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    tab.fill("input[name=key-name]", "Nightly export")
    tab.locator("form[action$='/api-keys/new/'] button[type=submit]").click()
    secret_field = tab.locator("#new-key-secret")
    secret_field.wait_for()
    secret = secret_field.input_value()
    key = TeamAPIKey.objects.get(team=team, name="Nightly export")
    assert secret.startswith(f"{key.prefix}.")
    tab.locator("button[data-copy=new-key-secret]").click()
    tab.locator("#new-key-secret-status:not(:empty)").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()") == secret
    look(tab, f"api-keys-new-{language}", problems)

    # The copied key works against the API, as the Developers page's first call.
    api = context.request
    called = api.get("/api/v1/team/", headers={"Authorization": f"Api-Key {secret}"})
    assert called.status == 200, called.text()
    assert called.json()["slug"] == team.slug

    # Shown once: a reload (which also clears what axe left on the page) has no secret.
    tab.reload()
    assert tab.locator("#new-key-secret").count() == 0
    row = tab.locator(f"li[data-prefix='{key.prefix}']")
    row.locator("summary").click()
    row.locator("form button[type=submit]").click()
    tab.locator("#api-keys [role=status]").wait_for()
    assert TeamAPIKey.objects.get(pk=key.pk).revoked
    refused = api.get("/api/v1/team/", headers={"Authorization": f"Api-Key {secret}"})
    assert refused.status == 401
    assert refused.json()["type"] == "revoked_api_key"

    # The team's three seats are taken: the invite form gives way to the reason.
    tab.goto(settings_url)
    notice = tab.locator("[data-testid=seat-limit]")
    assert "3" in notice.inner_text()
    assert tab.locator("input[name=invite-email]").count() == 0
    look(tab, f"team-seat-limit-{language}", problems)

    # A member sees the keys, and no way to make or revoke one.
    sign_in(context, member, live_server.url)
    tab.goto(keys_url)
    assert key.prefix in tab.locator("[data-testid=key-list]").inner_text()
    assert tab.locator("[data-testid=keys-members-only]").is_visible()
    assert tab.locator("form[action$='/api-keys/new/']").count() == 0
    look(tab, f"api-keys-member-{language}", problems)

    assert errors == [], errors
    context.close()
    found = [f"{name}: {problem}" for name, items in problems.items() for problem in items]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_refused_key_says_why_with_the_keyboard_on_it(browser, live_server, site, language):
    """Each way creating a key can fail (a past day, no name, the plan's limit reached in
    another tab) comes back under its field or above the form, swapped in by htmx despite
    the 400, and the keyboard is at it (static/js/site.js); the date picker offers no past
    day. At 390 px, checked with axe."""
    team, (owner,) = team_with(Role.OWNER, name="Acme")
    verified(owner.user)
    with translation.override(language):
        keys_url = reverse("api_keys:list", args=[team.slug])
    context = browser.new_context(base_url=live_server.url, viewport=SIZES["390"])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    problems: dict[str, list[str]] = {}
    sign_in(context, owner.user, live_server.url)
    tab.goto(keys_url)
    tab.wait_for_function("() => window.htmx !== undefined")
    tab.evaluate("window.__samePage = true")
    day = tab.locator("input[name=key-expires_on]")
    assert day.get_attribute("min") == datetime.datetime.now(datetime.UTC).date().isoformat()

    tab.fill("input[name=key-name]", "Nightly export")
    day.fill("2024-05-01")
    tab.locator("form[action$='/api-keys/new/'] button[type=submit]").click()
    expect(day).to_have_attribute("aria-invalid", "true")
    expect(day).to_be_focused()
    with translation.override(language):
        expect(tab.locator("#id_key-expires_on_error")).to_have_text(
            translation.gettext("Choose today or a later day.")
        )
    screenshot(tab, f"api-keys-past-day-{language}-390")
    problems["past-day"] = serious_violations(tab)
    tab.reload()  # clears what axe leaves on the page (htmx's next swap would trip the CSP)
    tab.wait_for_function("() => window.htmx !== undefined")
    tab.evaluate("window.__samePage = true")

    name = tab.locator("input[name=key-name]")
    name.fill("")
    day.fill("")
    tab.locator("form[action$='/api-keys/new/'] button[type=submit]").click()
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_be_focused()

    # The plan's three keys are taken meanwhile (another tab, a colleague): the form gives way
    # to the reason, with its link to the plan.
    for number in range(3):
        key_with_secret(team, name=f"Key {number}", created_by=owner.user)
    name.fill("One too many")
    tab.locator("form[action$='/api-keys/new/'] button[type=submit]").click()
    refusal = tab.locator("#api-keys [data-testid=key-limit]")
    expect(refusal).to_be_focused()
    expect(refusal).to_contain_text("3")
    assert refusal.locator("a[href$='/billing/']").count() == 1
    screenshot(tab, f"api-keys-plan-limit-{language}-390")
    problems["plan-limit"] = serious_violations(tab)
    assert tab.evaluate("window.__samePage === true")  # swapped by htmx, not reloaded
    assert not TeamAPIKey.objects.filter(name__in=["Nightly export", "One too many"]).exists()

    assert [e for e in errors if "400" not in e] == [], errors
    context.close()
    found = [f"{name}: {problem}" for name, items in problems.items() for problem in items]
    assert found == [], "\n".join(found)
