"""A plan the operator grants without Stripe (`manage.py grant_plan`): the entitlements honour
it like a paid subscription, the billing page says plainly who gave it, and the local demo team
Acme gets one from `ensure_local_admin`, so phone verification by SMS (a paid feature) can be
tried on `make run` with no Stripe keys."""

from __future__ import annotations

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.utils import timezone

from site_apps.billing import entitlements, services
from site_apps.billing.models import PlanGrant
from site_apps.sms import selectors as sms_selectors
from site_apps.teams.models import Role, Team
from tests.site_apps.billing.test_free_plan import plans  # noqa: F401 - a fixture
from tests.site_apps.teams.factories import team_with

pytestmark = pytest.mark.django_db


def fresh(team: Team) -> Team:
    """The team again, without the plan cached on the object."""
    return Team.objects.get(pk=team.pk)


def test_a_granted_plan_gives_its_features_until_revoked_or_ended(django_assert_num_queries):
    team, (owner,) = team_with(Role.OWNER)
    assert not entitlements.team_can(team, "sms_verification")
    services.grant_plan(team, plan="team", note="Partner")
    team = fresh(team)
    with django_assert_num_queries(1):  # still one query for a team's plan
        assert entitlements.plan_of(team).slug == "team"
    assert entitlements.team_can(team, "sms_verification")
    assert entitlements.any_team_can([team_with(Role.OWNER, name="Other")[0], team], "uploads")
    assert sms_selectors.phone_verification_offered(owner.user)
    assert not entitlements.team_has_active_subscription(team)  # it is not a subscription

    assert services.revoke_plan_grant(team) == 1
    assert entitlements.plan_of(fresh(team)).slug == "starter"
    assert not sms_selectors.phone_verification_offered(owner.user)
    assert PlanGrant.objects.filter(team=team).count() == 1  # the record stays

    grant = services.grant_plan(team, plan="business")
    PlanGrant.objects.filter(pk=grant.pk).update(ends_at=timezone.now())  # ended just now
    assert entitlements.plan_of(fresh(team)).slug == "starter"


def test_a_new_grant_replaces_the_one_in_force():
    team, _ = team_with(Role.OWNER)
    services.grant_plan(team, plan="business")
    services.grant_plan(team, plan="team")
    assert list(PlanGrant.objects.filter(team=team).in_force().values_list("plan", flat=True)) == [
        "team"
    ]
    with pytest.raises(services.BillingError, match="No such plan"):
        services.grant_plan(team, plan="platinum")


def test_the_billing_page_says_the_operator_granted_it(client, plans):  # noqa: F811
    team, (owner,) = team_with(Role.OWNER)
    services.grant_plan(
        team,
        plan="team",
        note="Partner programme",
        ends_at=timezone.now() + datetime.timedelta(days=30),
    )
    client.force_login(owner.user)
    page = BeautifulSoup(client.get(f"/teams/{team.slug}/billing/").content, "html.parser")
    summary = page.find(attrs={"data-testid": "billing-summary"}).get_text(" ", strip=True)  # type: ignore[call-overload]
    assert "Plan granted by the site's operator" in summary
    assert "Team" in summary
    assert "Partner programme" in summary
    assert "Ends on" in summary
    assert "This is not a Stripe subscription" in summary
    assert "Free plan" not in summary
    assert not page.select("[data-testid=upgrade]")  # nothing to buy to get it
    assert "Manage payment and plan" not in page.get_text()


def test_the_command_grants_and_revokes():
    team, _ = team_with(Role.OWNER, name="Globex")
    out = io.StringIO()
    call_command("grant_plan", team.slug, "team", "--note", "Non-profit", stdout=out)
    assert "Globex is on the team plan, granted." in out.getvalue()
    grant = PlanGrant.objects.get(team=team)
    assert (grant.plan, grant.note, grant.ends_at) == ("team", "Non-profit", None)
    call_command("grant_plan", team.slug, "--revoke", stdout=out)
    assert entitlements.plan_of(fresh(team)).slug == "starter"
    with pytest.raises(CommandError, match="No team"):
        call_command("grant_plan", "nobody", "team")
    with pytest.raises(CommandError, match="Name a plan"):
        call_command("grant_plan", team.slug)


def test_make_runs_demo_team_can_try_sms_at_once(settings):
    """`ensure_local_admin` (run by `make run`) makes Acme with the Team plan granted: its
    admin is offered phone verification, with no Stripe keys. Run again, nothing changes."""
    settings.DEBUG = True
    settings.STRIPE_SECRET_KEY = ""
    out = io.StringIO()
    call_command("ensure_local_admin", stdout=out)
    acme = Team.objects.get(slug="acme")
    assert entitlements.plan_of(acme).slug == "team"
    admin = acme.memberships.get().user
    assert sms_selectors.phone_verification_offered(admin)
    assert "team plan (granted, no Stripe)" in out.getvalue()
    call_command("ensure_local_admin", stdout=io.StringIO())
    assert PlanGrant.objects.count() == 1


def test_an_acme_the_command_did_not_make_is_left_alone(settings):
    settings.DEBUG = True
    team, _ = team_with(Role.OWNER, name="Acme")
    Team.objects.filter(pk=team.pk).update(slug="acme")
    out = io.StringIO()
    call_command("ensure_local_admin", stdout=out)
    assert not PlanGrant.objects.exists()
    assert "manage.py grant_plan acme team" in out.getvalue()


def test_staff_see_the_grants_read_only_and_only_their_teams(client):
    from django.contrib.auth.models import Permission

    from tests.site_apps.accounts.factories import UserFactory

    team, _ = team_with(Role.OWNER, name="Granted Co")
    grant = services.grant_plan(team, plan="team", note="Non-profit")
    other, _ = team_with(Role.OWNER, name="Elsewhere Ltd")
    services.grant_plan(other, plan="business", note="Partner")

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get("/admin/billing_plan_grant/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Granted Co" in page
    assert "Elsewhere Ltd" in page
    inspect = client.get(f"/admin/billing_plan_grant/inspect/{grant.pk}/")
    assert "Non-profit" in inspect.content.decode()
    # Granting and revoking leave a record of who did: only `manage.py grant_plan` does them.
    assert client.get("/admin/billing_plan_grant/new/").status_code in (302, 403)
    assert client.get(f"/admin/billing_plan_grant/edit/{grant.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/billing_plan_grant/delete/{grant.pk}/").status_code in (302, 403)
    assert PlanGrant.objects.filter(pk=grant.pk).exists()

    # Staff who are not superusers see their own teams' grants only.
    _, (membership,) = team_with(Role.OWNER, name="Staff Team")
    services.grant_plan(membership.team, plan="team", note="Ours")
    staff = membership.user
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_plangrant"])
    )
    client.force_login(staff)
    mine = client.get("/admin/billing_plan_grant/").content.decode()
    assert "Staff Team" in mine
    assert "Granted Co" not in mine
    assert client.get(f"/admin/billing_plan_grant/inspect/{grant.pk}/").status_code in (
        302,
        403,
        404,
    )


def test_make_runs_admin_can_save_their_account_settings(client, settings):
    """Wagtail's account page asks for a first and a last name: the admin `make run` made had
    no last name, so changing their language there said "This field is required"."""
    from wagtail.users.models import UserProfile

    from tests.cms.home.factories import site_with_home

    site_with_home()
    settings.DEBUG = True
    call_command("ensure_local_admin", stdout=io.StringIO())
    admin = Team.objects.get(slug="acme").memberships.get().user
    client.force_login(admin)
    page = BeautifulSoup(client.get("/admin/account/").content, "html.parser")
    form = page.find("form", method=lambda method: (method or "").lower() == "post")
    data: dict[str, str] = {}
    for field in form.find_all(["input", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = str(chosen.get("value", "")) if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = str(field.get("value", "on"))
        else:
            data[name] = str(field.get("value", ""))
    language = next(name for name in data if name.endswith("preferred_language"))
    data[language] = "es"
    response = client.post("/admin/account/", data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").find_all(
        class_="error-message"
    )
    admin.refresh_from_db()
    assert UserProfile.get_for_user(admin).preferred_language == "es"
