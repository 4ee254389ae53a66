"""API keys in the Wagtail admin, in a real Chromium: staff make a key with the keyboard, see its
secret once on the page that follows, find it in the list by its prefix, and revoke it. Pages
are photographed in light and dark and checked with axe."""

from __future__ import annotations

import pytest

from site_apps.api.models import TeamAPIKey
from site_apps.api.usage import count_request, flush_usage
from site_apps.teams.models import Role
from tests.browser.axe import serious_violations
from tests.browser.conftest import screenshot
from tests.browser.test_todo_admin import sign_in
from tests.site_apps.accounts.factories import UserFactory, verified
from tests.site_apps.teams.factories import team_with


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_staff_make_see_once_and_revoke_a_key(browser, live_server, site, scheme):
    team, _ = team_with(Role.OWNER, name="Acme")
    verified(UserFactory(email="ops@example.com", is_staff=True, is_superuser=True))
    context, tab, errors = sign_in(browser, live_server, width=1280, scheme=scheme)
    problems: dict[str, list[str]] = {}
    try:
        tab.goto("/admin/api_key/new/")
        tab.locator("select#id_team").select_option(label="Acme")
        tab.locator("input#id_name").fill("Nightly export")
        tab.locator("input#id_name").press("Enter")
        tab.wait_for_selector("#new-api-key")
        secret = tab.locator("#new-api-key").input_value()
        key = TeamAPIKey.objects.get(name="Nightly export")
        assert key.team == team
        assert secret.startswith(f"{key.prefix}.")
        screenshot(tab, f"admin-api-key-created-{scheme}")
        problems["created"] = serious_violations(tab)

        tab.get_by_role("link", name="Done").click()
        tab.wait_for_url("**/admin/api_key/")
        assert tab.get_by_text(key.prefix).is_visible()
        assert secret not in tab.content()
        screenshot(tab, f"admin-api-keys-{scheme}")
        problems["index"] = serious_violations(tab)

        tab.goto(f"/admin/api_key/edit/{key.pk}/")
        tab.locator("input#id_revoked").check()
        tab.get_by_role("button", name="Save").click()
        tab.wait_for_url("**/admin/api_key/")
        key.refresh_from_db()
        assert key.revoked
        assert tab.locator("table").get_by_text("Revoked", exact=True).is_visible()

        for status in (200, 200, 200, 404):
            count_request(endpoint="GET /teams/", status_code=status, key=key)
        flush_usage()
        tab.goto("/admin/reports/api-usage/")
        row = tab.locator("tbody tr").first
        assert row.get_by_text("Acme").is_visible()
        assert row.locator("td").nth(2).inner_text().strip() == "4"
        screenshot(tab, f"admin-api-usage-report-{scheme}")
        problems["report"] = serious_violations(tab)
        assert errors == [], errors
    finally:
        context.close()
    assert all(not found for found in problems.values()), problems
