"""A team's API keys in its dashboard, in a real browser, in English and Arabic, light and
dark, at 390 and 1280 px, checked with axe: the owner creates a key, copies it, calls the API
with it and revokes it; a member sees the keys but cannot create one; a team at its plan's
member limit cannot invite and is told why. One browser context per language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from site_apps.api.models import TeamAPIKey
from site_apps.teams.models import Role
from tests.browser.axe import serious_violations
from tests.browser.conftest import screenshot
from tests.browser.test_accounts_and_teams import SIZES
from tests.site_apps.accounts.factories import verified
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
