"""Plans unlock what the pricing page says, no more and no less: each entitlement of
site_apps/billing/plans.py is enforced in the pages and in the API, for every plan."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from site_apps.api.services import issue_key
from site_apps.billing import entitlements
from site_apps.billing.plans import FREE_PLAN, PLANS
from site_apps.teams.models import Invitation, Role
from tests.cms.pricing.test_pricing import pricing_page  # noqa: F401 - a fixture
from tests.site_apps.api.conftest import jwt_client, key_client
from tests.site_apps.billing.plans import put_on_plan
from tests.site_apps.teams.factories import make_invitation, team_with

pytestmark = pytest.mark.django_db

UNLIMITED_TRIES = 12  # for a plan without a limit: this many is still fine


def listed_lines(client, page) -> dict[str, list[str]]:
    """The limits each plan card on the pricing page lists, by plan name."""
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    cards = {}
    for card in soup.select(".pricing li.relative"):
        name = card.find(["h2", "h3"]).get_text(strip=True)
        cards[name.lower()] = [
            " ".join(li.get_text(" ", strip=True).replace("\xa0", " ").split())
            for li in card.select("[data-entitlement]")
        ]
    return cards


def number_in(lines: list[str], pattern: str) -> int | None:
    """The count a listed line states (None when it says unlimited)."""
    for line in lines:
        if match := re.search(pattern, line):
            said = next(group for group in match.groups() if group)
            return None if said.lower() == "unlimited" else int(said)
    raise AssertionError(f"no line matches {pattern!r} in {lines}")


def test_the_pricing_page_lists_exactly_the_limits_enforced(client, pricing_page):  # noqa: F811
    cards = listed_lines(client, pricing_page)
    assert set(cards) == set(PLANS)
    for slug, plan in PLANS.items():
        lines = cards[slug]
        assert lines == plan.included()
        members = number_in(lines, r"(?:Up to (\d+)|(Unlimited)) members?")
        assert members == plan.members
        # what the line says is where enforcement draws the line
        if members is not None:
            assert entitlements.decide(plan, "members", in_use=members - 1)
            assert not entitlements.decide(plan, "members", in_use=members)
        keys = number_in(lines, r"REST API: (\d+|unlimited) API keys?")
        assert keys == plan.api_keys
        if keys is not None:
            assert not entitlements.decide(plan, "api_keys", in_use=keys)
        assert number_in(lines, r"(\d+) requests a minute") == plan.api_requests_per_minute
        assert ("Phone verification by SMS" in lines) is plan.sms_verification
        assert any("of file storage" in line for line in lines) is plan.uploads
    # The free plan is what a team without a subscription gets.
    team, _ = team_with(Role.OWNER)
    assert entitlements.plan_of(team) is PLANS[FREE_PLAN]


@pytest.fixture
def owner_team():
    team, (owner,) = team_with(Role.OWNER)
    return team, owner.user


@pytest.mark.parametrize("slug", list(PLANS))
def test_member_limit_in_the_page_and_the_api(client, owner_team, slug, mailoutbox):
    team, owner = owner_team
    put_on_plan(team, slug)
    limit = PLANS[slug].members
    for i in range((limit or UNLIMITED_TRIES) - 1):  # the owner holds one seat
        make_invitation(team, f"seat{i}@example.com", author=owner)
    client.force_login(owner)
    page = client.get(reverse("teams:settings", args=[team.slug]))
    posted = client.post(
        reverse("teams:invite", args=[team.slug]),
        {"invite-email": "one.more@example.com", "invite-role": Role.MEMBER},
    )
    api = jwt_client(owner).post(
        f"/api/v1/teams/{team.slug}/invitations/",
        {"email": "api.more@example.com", "role": Role.MEMBER},
        format="json",
    )
    if limit is None:
        assert b'data-testid="seat-limit"' not in page.content
        assert posted.status_code == 302
        assert api.status_code == 201, api.json()
        return
    reason = entitlements.team_can(team, "members", in_use=limit).reason
    assert f"includes {limit} members" in reason
    for response in (page, posted):
        soup = BeautifulSoup(response.content, "html.parser")
        assert reason in soup.select_one('[data-testid="seat-limit"]').get_text(" ", strip=True)
        assert soup.select_one("form[action$='/invitations/']") is None
    # The form is gone from the answer, so the notice says what became of what was typed.
    said = BeautifulSoup(posted.content, "html.parser").select_one('[data-testid="not-sent"]')
    assert said.get_text(" ", strip=True) == (
        "Your invitation to one.more@example.com was not sent."
    )
    assert api.status_code == 402
    assert api.json() == {"type": "plan_limit_reached", "detail": reason}
    assert not Invitation.objects.filter(email__in=["one.more@example.com", "api.more@example.com"])
    assert mailoutbox == []


def test_a_downgrade_keeps_everyone_but_accepting_waits_for_a_seat(client, owner_team):
    team, owner = owner_team
    put_on_plan(team, "team")
    invitations = [make_invitation(team, f"p{i}@example.com", author=owner) for i in range(4)]
    put_on_plan(team, FREE_PLAN)  # 3 seats now: the owner and 4 open invitations stay
    assert team.invitations.pending().count() == 4
    from tests.site_apps.accounts.factories import UserFactory, verified

    accepted = 0
    for invitation, token in invitations:
        invitee = verified(UserFactory(email=invitation.email))
        client.force_login(invitee)
        response = client.post(reverse("teams:invitation", args=[token]))
        accepted += response.status_code == 302
        if response.status_code != 302:
            assert b"includes 3 members" in response.content
    assert accepted == 2  # up to the free plan's 3 members; nobody was removed
    assert team.memberships.count() == 3


@pytest.mark.parametrize("slug", list(PLANS))
def test_api_key_limit_and_rate_in_the_page_and_the_api(client, owner_team, slug):
    team, owner = owner_team
    put_on_plan(team, slug)
    plan = PLANS[slug]
    made = [
        issue_key(None, team=team, name=f"key {i}")[1]
        for i in range(plan.api_keys or UNLIMITED_TRIES)
    ]
    response = key_client(made[0]).get(f"/api/v1/teams/{team.slug}/")
    assert response.status_code == 200
    assert int(response["RateLimit-Limit"]) == plan.api_requests_per_minute
    client.force_login(owner)
    page = client.get(reverse("api_keys:list", args=[team.slug]))
    posted = client.post(reverse("api_keys:create", args=[team.slug]), {"key-name": "Page"})
    created = jwt_client(owner).post(
        f"/api/v1/teams/{team.slug}/api-keys/", {"name": "One more"}, format="json"
    )
    if plan.api_keys is None:
        assert b'data-testid="key-limit"' not in page.content
        assert posted.status_code == 201
        assert created.status_code == 201
        return
    for response in (page, posted):
        soup = BeautifulSoup(response.content, "html.parser")
        said = soup.select_one('[data-testid="key-limit"]').get_text(" ", strip=True)
        assert f"includes {plan.api_keys} active API keys" in said
        assert soup.select_one("form[action$='/api-keys/new/']") is None
    said = BeautifulSoup(posted.content, "html.parser").select_one('[data-testid="not-created"]')
    assert said.get_text(" ", strip=True) == "The key “Page” was not created."
    assert created.status_code == 402
    assert created.json()["type"] == "plan_limit_reached"
    assert f"includes {plan.api_keys} active API keys" in created.json()["detail"]


def test_a_plan_without_the_api_refuses_keys_with_402(owner_team, monkeypatch):
    """No plan sold today lacks the API (a free team may try it), but the switch holds."""
    import dataclasses

    team, _owner = owner_team
    _key, secret = issue_key(None, team=team, name="Before the change")
    closed = dataclasses.replace(PLANS[FREE_PLAN], api_access=False)
    monkeypatch.setitem(PLANS, FREE_PLAN, closed)
    response = key_client(secret).get(f"/api/v1/teams/{team.slug}/")
    assert response.status_code == 402
    assert response.json()["type"] == "plan_limit_reached"
    assert "The API is not included" in response.json()["detail"]


@pytest.mark.parametrize("slug", list(PLANS))
def test_sms_verification_follows_the_plan_in_the_page(client, owner_team, slug):
    team, owner = owner_team
    put_on_plan(team, slug)
    client.force_login(owner)
    page = client.get(reverse("sms:phone")).content.decode()
    refused = "Phone verification comes with a paid plan" in page
    assert refused is not PLANS[slug].sms_verification


@pytest.mark.parametrize("slug", list(PLANS))
def test_uploads_are_declared_with_their_limits(owner_team, slug):
    """Uploads arrive in a later issue; their entitlement and limits are decided already."""
    team, _owner = owner_team
    put_on_plan(team, slug)
    plan = PLANS[slug]
    assert bool(entitlements.team_can(team, "uploads")) is plan.uploads
    storage = plan.upload_storage
    if storage is None:
        assert entitlements.team_can(team, "upload_storage", in_use=10**15, adding=10**9)
    else:
        assert entitlements.team_can(team, "upload_storage", in_use=storage - 10, adding=10)
        refused = entitlements.team_can(team, "upload_storage", in_use=storage - 10, adding=11)
        assert not refused
        with pytest.raises(entitlements.PlanLimitReached):
            refused.require()
