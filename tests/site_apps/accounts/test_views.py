"""The profile page and account deletion (ours; allauth serves the other account pages)."""

import pytest
from django.urls import reverse

from site_apps.accounts.models import User
from site_apps.teams.models import Role, Team
from tests.site_apps.accounts.factories import UserFactory, verified
from tests.site_apps.teams.factories import MembershipFactory, team_with

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def confirm_password(client, user) -> None:
    """Sign in and confirm the password again, as allauth asks before sensitive changes."""
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_the_profile_needs_a_signed_in_person(client):
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))


def test_the_profile_shows_the_teams_and_saves_the_name(client):
    team, (membership,) = team_with(Role.OWNER)
    client.force_login(membership.user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert membership.user.email in page
    assert team.name in page
    response = client.post(
        reverse("accounts:profile"), {"first_name": " Ada ", "last_name": "Lovelace"}, follow=True
    )
    assert "Your profile is saved." in response.content.decode()
    membership.user.refresh_from_db()
    assert (membership.user.first_name, membership.user.last_name) == ("Ada", "Lovelace")


def test_deleting_asks_for_the_password_again_first(client):
    client.force_login(verified(UserFactory()))
    response = client.get(reverse("accounts:delete"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_deleting_needs_the_email_typed_out(client):
    user = verified(UserFactory(email="leaving@example.com"))
    confirm_password(client, user)
    response = client.post(reverse("accounts:delete"), {"confirm_email": "other@example.com"})
    assert "That is not the email address of this account." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_deleting_removes_the_account_and_the_teams_only_it_used(client):
    user = verified(UserFactory(email="leaving@example.com"))
    solo, _ = team_with(name="Solo")
    MembershipFactory(team=solo, user=user, role=Role.OWNER)
    solo.memberships.exclude(user=user).delete()
    shared, (_shared_owner,) = team_with(Role.OWNER, name="Shared")
    MembershipFactory(team=shared, user=user, role=Role.MEMBER)
    confirm_password(client, user)
    page = client.get(reverse("accounts:delete")).content.decode()
    assert "The team only you belong to is deleted too: Solo." in page

    response = client.post(reverse("accounts:delete"), {"confirm_email": "LEAVING@example.com"})
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Team.objects.filter(pk=solo.pk).exists()
    assert Team.objects.filter(pk=shared.pk).exists()
    assert "_auth_user_id" not in client.session


def test_a_reader_who_deletes_their_account_or_signs_out_stays_in_their_language(client):
    """Both used to end on the English home page, with the notice in the reader's language."""
    user = verified(UserFactory(email="adios@example.com"))
    confirm_password(client, user)
    response = client.post("/es/accounts/delete/", {"confirm_email": "adios@example.com"})
    assert response["Location"] == "/es/"
    assert "Tu cuenta se ha eliminado." in client.get("/es/").content.decode()

    client.force_login(verified(UserFactory()))
    assert client.post("/ar/accounts/logout/")["Location"] == "/ar/"
    client.force_login(verified(UserFactory()))
    assert client.post("/accounts/logout/")["Location"] == "/"
    client.force_login(verified(UserFactory()))
    response = client.post("/fr/accounts/logout/", {"next": "/fr/pricing/"})
    assert response["Location"] == "/fr/pricing/"


def test_the_only_owner_of_a_shared_team_is_told_to_hand_it_over_first(client):
    _shared, (owner, _member) = team_with(Role.OWNER, Role.MEMBER, name="Acme")
    verified(owner.user)
    confirm_password(client, owner.user)
    response = client.get(reverse("accounts:delete"))
    assert "You are the only owner of Acme." in response.content.decode()
    assert "Delete my account" not in response.content.decode()
    response = client.post(reverse("accounts:delete"), {"confirm_email": owner.user.email})
    assert response.status_code == 409
    assert User.objects.filter(pk=owner.user.pk).exists()


@pytest.mark.parametrize(
    ("prefix", "button", "label", "intro"),
    [
        ("/ar", "أرسل لي رمزًا", "أرسل الرمز إلى", "لحماية حسابك، أكّد أنك أنت."),
        ("/es", "Envíame un código", "Enviar el código a", "Para proteger tu cuenta, confirma"),
        ("", "Send me a code", "Send the code to", "Please reauthenticate"),
    ],
)
def test_the_sign_in_code_page_reads_in_the_visitors_language(client, prefix, button, label, intro):
    """allauth's own catalogue gave Arabic "the order code" for this button (and "cancels" for
    Cancel): ours says what it does, in the register of the other account pages. Its one field
    had no label (Django's "Recipient", in English everywhere), and the Spanish introduction
    asked for the password on the page that sends a code."""
    client.force_login(verified(UserFactory(password=PASSWORD)))
    page = client.get(f"{prefix}/accounts/reauthenticate/code/").content.decode()
    assert button in page
    assert "كود الطلب" not in page
    assert label in page
    assert "Recipient" not in page
    assert intro in page
    assert "contraseña para proteger" not in page


@pytest.mark.parametrize(
    ("prefix", "link"),
    [("/es", "Inicia sesión con tu nueva contraseña"), ("", "Sign in with your new password")],
)
def test_a_reset_password_page_leads_on_to_sign_in(client, prefix, link):
    """It ended at "your password is now changed", with no way on."""
    page = client.get(f"{prefix}/accounts/password/reset/key/done/").content.decode()
    assert f'href="{prefix}/accounts/login/"' in page
    assert link in page
