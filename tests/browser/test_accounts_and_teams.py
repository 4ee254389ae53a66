"""The customer journey in a real browser: a newcomer signs up, verifies the email from the
outbox, creates a team and invites a colleague who accepts. Then the account and team pages
(with the email confirmation and password reset steps, a good and a spent link each) are
photographed (light and dark, phone and desktop) and checked with axe."""

from __future__ import annotations

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core import mail
from playwright.sync_api import expect

from site_apps.teams.models import Membership, Role
from tests.browser.axe import serious_violations
from tests.browser.conftest import screenshot, shown_theme
from tests.site_apps.accounts.factories import UserFactory, verified
from tests.site_apps.billing.plans import put_on_plan
from tests.site_apps.teams.factories import MembershipFactory, make_invitation, team_with

PASSWORD = "correct horse battery staple"
SIZES = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}


def path_of_link(message) -> str:
    url = re.search(r"https?://[^\s]+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def sign_up(tab, email: str) -> None:
    tab.fill("input[name=email]", email)
    tab.fill("input[name=password1]", PASSWORD)
    tab.fill("input[name=password2]", PASSWORD)
    tab.get_by_role("button", name="Sign up").click()
    tab.wait_for_url("**/accounts/confirm-email/")


def confirm_email(tab, message) -> None:
    tab.goto(path_of_link(message))
    tab.get_by_role("button", name="Confirm").click()


def test_a_newcomer_signs_up_makes_a_team_and_a_colleague_joins(page, browser, live_server):
    # Sign up from the header, with the keyboard-reachable link.
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    sign_up(page, "founder@example.com")
    assert "Verify your email address" in page.content()

    (verification,) = mail.outbox
    confirm_email(page, verification)
    # A newcomer is asked to make a team: teams own subscriptions and API keys.
    page.wait_for_url("**/teams/new/")
    page.fill("input[name=team-name]", "Acme Rockets")
    page.get_by_role("button", name="Create team").click()
    page.wait_for_url("**/teams/acme-rockets/settings/")
    assert page.get_by_role("heading", name="Acme Rockets").is_visible()

    # Invite a colleague: htmx swaps the invitations fragment in place.
    page.fill("input[name=invite-email]", "colleague@example.com")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to colleague@example.com.").wait_for()
    invitations = page.locator("[data-testid=invitation-list] > li")
    assert invitations.count() == 1
    assert "colleague@example.com" in invitations.inner_text()
    invitation_mail = mail.outbox[-1]
    assert invitation_mail.to == ["colleague@example.com"]

    # The colleague opens the link in their own browser, signs up and accepts.
    other = browser.new_context(base_url=live_server.url)
    colleague = other.new_page()
    colleague.goto(path_of_link(invitation_mail))
    assert colleague.get_by_role("heading", name="Join Acme Rockets").is_visible()
    colleague.get_by_role("link", name="Create an account").click()
    sign_up(colleague, "colleague@example.com")
    confirm_email(colleague, mail.outbox[-1])
    colleague.wait_for_url("**/teams/join/**")
    colleague.get_by_role("button", name="Accept and join the team").click()
    colleague.wait_for_url("**/teams/acme-rockets/settings/")
    assert colleague.get_by_text("Welcome to Acme Rockets.").is_visible()
    other.close()

    # The founder sees the new member and makes them an admin, inline.
    page.reload()
    members = page.locator("[data-testid=member-list]")
    assert "colleague@example.com" in members.inner_text()
    page.select_option("select[id^=role-]", "admin")
    page.get_by_role("button", name="Change role").click()
    page.get_by_text("colleague@example.com is now admin.").wait_for()
    assert Membership.objects.get(user__email="colleague@example.com").role == Role.ADMIN
    assert page.console_errors == [], page.console_errors


@pytest.fixture
def owner_with_team(site):
    team, (owner, _admin, _member) = team_with(Role.OWNER, Role.ADMIN, Role.MEMBER, name="Acme")
    owner.user.email = "owner@example.com"
    owner.user.first_name, owner.user.last_name = "Olivia", "Owner"
    owner.user.save()
    verified(owner.user)
    MembershipFactory(user=owner.user, team__name="Side project", role=Role.MEMBER)
    make_invitation(team, "pending@example.com", author=owner.user)
    _, token = make_invitation(team, "visitor@example.com", author=owner.user)
    put_on_plan(team, "team")  # five seats taken: more than the free plan's three
    return team, owner, token


def log_in(tab, email: str) -> None:
    tab.goto("/accounts/login/")
    tab.fill("input[name=login]", email)
    tab.fill("input[name=password]", PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(re.compile(r".*/teams/.*"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_account_and_team_pages_look_right_and_pass_axe(
    browser, live_server, owner_with_team, scheme
):
    team, owner, token = owner_with_team
    newcomer = UserFactory(email="newcomer@example.com")
    address = EmailAddress.objects.create(user=newcomer, email=newcomer.email, primary=True)
    reset_key = f"{user_pk_to_url_str(owner.user)}-{default_token_generator.make_token(owner.user)}"
    visitor_pages = {
        "signup": "/accounts/signup/",
        "login": "/accounts/login/",
        "password-reset": "/accounts/password/reset/",
        "password-reset-done": "/accounts/password/reset/done/",
        "password-reset-key": f"/accounts/password/reset/key/{reset_key}/",
        "password-reset-key-spent": "/accounts/password/reset/key/1-spent-key/",
        "email-confirm": f"/accounts/confirm-email/{EmailConfirmationHMAC(address).key}/",
        "email-confirm-spent": "/accounts/confirm-email/spent-key/",
        "invitation": f"/teams/join/{token}/",
    }
    member_pages = {
        "profile": "/accounts/profile/",
        "email": "/accounts/email/",
        "password-change": "/accounts/password/change/",
        "delete-account": "/accounts/delete/",
        "team-create": "/teams/new/",
        "team-settings": team.get_absolute_url(),
    }
    problems: dict[str, list[str]] = {}
    for size, viewport in SIZES.items():
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, color_scheme=scheme
        )
        tab = context.new_page()
        errors: list[str] = []
        tab.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
        for name, url in visitor_pages.items():
            tab.goto(url)
            if name == "login":
                # Show what a wrong password looks like.
                tab.fill("input[name=login]", "owner@example.com")
                tab.fill("input[name=password]", "wrong")
                tab.get_by_role("button", name="Sign in").click()
                tab.get_by_text("not correct").wait_for()
                # No field is to blame: the keyboard and a screen reader start at the message.
                focused = tab.evaluate(
                    "[document.activeElement.getAttribute('role'),"
                    " document.activeElement.innerText]"
                )
                assert focused[0] == "alert"
                assert "not correct" in focused[1]
            assert shown_theme(tab) == scheme
            screenshot(tab, f"{name}-{size}-{scheme}")
            problems[f"{name}-{size}"] = serious_violations(tab)
        log_in(tab, owner.user.email)
        for name, url in member_pages.items():
            tab.goto(url)
            if "/reauthenticate/" in tab.url:
                # allauth asks for the password again before deleting an account.
                screenshot(tab, f"reauthenticate-{size}-{scheme}")
                problems[f"reauthenticate-{size}"] = serious_violations(tab)
                tab.fill("input[name=password]", PASSWORD)
                tab.get_by_role("button", name="Confirm").click()
                tab.wait_for_url(f"**{url}")
            screenshot(tab, f"{name}-{size}-{scheme}")
            problems[f"{name}-{size}"] = serious_violations(tab)
        # The header menu with the team switcher, open (below md it sits in the mobile menu).
        menu = "[data-account-menu]" if viewport["width"] >= 768 else "[data-mobile-menu]"
        tab.locator(f"{menu} summary").click()
        screenshot(tab, f"account-menu-{size}-{scheme}")
        problems[f"account-menu-{size}"] = serious_violations(tab)
        assert errors == [], errors
        context.close()
    found = [
        f"{page_name}: {problem}" for page_name, items in problems.items() for problem in items
    ]
    assert found == [], "\n".join(found)


def test_team_settings_work_without_javascript(browser, live_server, owner_with_team):
    team, owner, _ = owner_with_team
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    log_in(tab, owner.user.email)
    tab.goto(team.get_absolute_url())
    tab.fill("input[name=invite-email]", "nojs@example.com")
    tab.get_by_role("button", name="Send invitation").click()
    tab.get_by_text("Invitation sent to nojs@example.com.").wait_for()
    assert tab.url.endswith(team.get_absolute_url())

    member = Membership.objects.get(team=team, role=Role.MEMBER)
    tab.select_option(f"#role-{member.pk}", "admin")
    tab.locator(f"form:has(#role-{member.pk})").get_by_role("button").click()
    tab.get_by_text(f"{member.user.email} is now admin.").wait_for()
    member.refresh_from_db()
    assert member.role == Role.ADMIN
    context.close()


def test_a_refusal_shows_in_the_alert_area_with_htmx(page, owner_with_team):
    """The owner's page is open when another owner demotes them: their next invite is refused,
    and htmx puts the reason where they can read it (static/js/site.js)."""
    team, owner, _ = owner_with_team
    log_in(page, owner.user.email)
    page.goto(team.get_absolute_url())
    page.wait_for_function("() => window.htmx !== undefined")
    MembershipFactory(team=team, role=Role.OWNER)
    Membership.objects.filter(pk=owner.pk).update(role=Role.MEMBER)

    page.fill("input[name=invite-email]", "late@example.com")
    page.get_by_role("button", name="Send invitation").click()
    alert = page.locator("#team-alerts [role=alert]")
    alert.wait_for()
    assert "Only the team's owners and admins can do that." in alert.inner_text()
    screenshot(page, "team-settings-refusal-1280-light")
    assert [e for e in page.console_errors if "403" not in e] == []


def test_a_wrong_invitation_address_comes_back_with_the_keyboard_on_it(page, owner_with_team):
    """htmx puts the form back with its error in place of the one sent, and the keyboard and a
    screen reader are at the field to correct, not at the top of the page (static/js/site.js)."""
    team, owner, _ = owner_with_team
    log_in(page, owner.user.email)
    page.goto(team.get_absolute_url())
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.__samePage = true")
    page.fill("input[name=invite-email]", "nobody@")
    page.get_by_role("button", name="Send invitation").click()
    email = page.locator("input[name=invite-email]")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_be_focused()
    expect(email).to_have_value("nobody@")
    assert page.evaluate("window.__samePage === true")  # swapped by htmx, not reloaded
    assert page.console_errors == []


def test_a_sent_invitation_says_so_with_the_keyboard_on_it(page, owner_with_team):
    """After htmx swaps the invitations in, the keyboard and a screen reader are at the
    "Invitation sent" message, not back at the top of the page (static/js/site.js)."""
    team, owner, _ = owner_with_team
    log_in(page, owner.user.email)
    page.goto(team.get_absolute_url())
    page.wait_for_function("() => window.htmx !== undefined")
    page.fill("input[name=invite-email]", "colleague@example.com")
    page.get_by_role("button", name="Send invitation").click()
    notice = page.locator("#invitations [role=status]")
    expect(notice).to_have_text("Invitation sent to colleague@example.com.")
    expect(notice).to_be_focused()
    assert page.console_errors == []


def test_staff_find_teams_in_the_wagtail_admin(page, owner_with_team):
    admin = verified(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    page.goto("/admin/team/")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=login]", admin.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/team/")
    assert page.get_by_role("link", name="Acme").first.is_visible()
    screenshot(page, "admin-teams")
    page.goto("/admin/membership/?q=owner%40example.com")
    screenshot(page, "admin-memberships")
    assert "owner@example.com" in page.content()
    assert page.console_errors == [], page.console_errors


LONG_NAME = "Internationale Zusammenarbeitsgesellschaft für Forschungsdatenverarbeitung GmbH."
OVERFLOW = """() => {
  const wide = document.documentElement.scrollWidth - innerWidth;
  const names = [...document.querySelectorAll("[data-team-name]")].filter(e => e.checkVisibility());
  return {
    wide,
    names: names.map(e => ({
      cut: e.scrollWidth > e.clientWidth,
      ellipsis: getComputedStyle(e).textOverflow === "ellipsis",
      inside: e.getBoundingClientRect().right <= innerWidth + 0.5
        && e.getBoundingClientRect().left >= -0.5,
      title: e.getAttribute("title"),
    })),
  };
}"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_long_team_name_is_cut_with_an_ellipsis_never_scrolling_sideways(
    browser, live_server, site, language
):
    """The longest team name (80 characters) in the header's account menu, open, from 320 to
    1440 px: the page never scrolls sideways, the name ends in an ellipsis with the whole name
    in its title, and the team page's heading wraps."""
    from tests.browser.test_team_api_keys import sign_in

    assert len(LONG_NAME) == 80
    team, (owner,) = team_with(Role.OWNER, name=LONG_NAME)
    MembershipFactory(user=owner.user, team__name="Side project", role=Role.MEMBER)
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    sign_in(context, owner.user, live_server.url)
    prefix = "" if language == "en" else f"/{language}"
    tab.goto(f"{prefix}/teams/{team.slug}/settings/")
    found = {}
    for width in (320, 390, 768, 1024, 1280, 1440):
        tab.set_viewport_size({"width": width, "height": 900})
        menu = "[data-mobile-menu]" if width < 768 else "[data-account-menu]"
        tab.locator(f"{menu} > summary").click()
        shown = tab.evaluate(OVERFLOW)
        if width in (390, 1280):
            screenshot(tab, f"team-long-name-menu-{language}-{width}")
        tab.locator(f"{menu} > summary").click()
        assert tab.evaluate(OVERFLOW)["wide"] <= 0, width  # closed, the heading wraps
        found[width] = shown
    for width, shown in found.items():
        assert shown["wide"] <= 0, (width, shown)
        assert shown["names"], width
        for name in shown["names"]:
            assert name["title"] in (LONG_NAME, "Side project"), (width, name)
            if name["title"] == LONG_NAME:
                assert (name["cut"], name["ellipsis"], name["inside"]) == (True, True, True), (
                    width,
                    name,
                )
    context.close()
