"""Sign-up, email verification, sign-in, sign-out, password change and reset: allauth as we
configured it, driven through its real views and the in-memory outbox."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from site_apps.accounts.models import User
from tests.csp import sha256_source
from tests.site_apps.accounts.factories import UserFactory, verified

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def link_in(message) -> str:
    """The first site link in an email's body, as a path the test client can open."""
    url = re.search(r"https?://[^\s]+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def sign_up(client, email="newcomer@example.com", password=PASSWORD, **extra):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password, **extra},
    )


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_sends_a_verification_email_and_signs_in_only_once_verified(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="newcomer@example.com")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "Please Confirm Your Email Address" in mail.outbox[0].subject
    assert mail.outbox[0].subject.startswith("[Lumen] ")
    # Verification is mandatory: not signed in yet.
    assert "_auth_user_id" not in client.session

    confirm = link_in(mail.outbox[0])
    page = client.get(confirm)
    assert page.status_code == 200
    response = client.post(confirm)
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)
    # A newcomer has no team yet: signing in lands on making one.
    assert response.status_code == 302
    assert client.get(response["Location"]).url == reverse("teams:create")


def test_an_unverified_account_cannot_sign_in(client):
    sign_up(client, "slow@example.com")
    client.logout()
    response = sign_in(client, "slow@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_a_newcomer_without_the_email_is_told_how_to_get_a_new_link(client):
    """The page after sign-up says what to do when no email comes, and doing it works: signing
    in sends a new link (at most one every three minutes, allauth's cooldown)."""
    from django.core.cache import cache

    page = client.get(sign_up(client, "lost@example.com")["Location"]).content.decode()
    assert "we send a new link, at most one every three minutes" in page
    assert f'href="{reverse("account_login")}"' in page
    client.logout()
    cache.clear()  # three minutes later
    sign_in(client, "lost@example.com")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["lost@example.com"]
    assert "/accounts/confirm-email/" in link_in(mail.outbox[1])


def test_sign_in_by_email_in_any_casing(client):
    user = verified(UserFactory(email="ada@example.com"))
    response = sign_in(client, "ADA@Example.com")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_gets_a_clear_error_and_no_session(client):
    verified(UserFactory(email="ada@example.com"))
    response = sign_in(client, "ada@example.com", "not the password")
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_sign_in_is_rate_limited_per_address(client):
    verified(UserFactory(email="target@example.com"))
    for _ in range(5):
        assert sign_in(client, "target@example.com", "guess").status_code == 200
    response = sign_in(client, "target@example.com", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_up_refuses_weak_passwords_and_bad_addresses_with_clear_errors(client):
    response = sign_up(client, "not-an-email", "123")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in page
    assert 'aria-invalid="true"' in page
    assert not User.objects.exists()
    response = sign_up(client, "ok@example.com", "password")
    assert "This password is too common." in response.content.decode()


def test_signing_up_with_a_taken_address_reveals_nothing_but_mails_the_owner(client):
    verified(UserFactory(email="taken@example.com"))
    response = sign_up(client, "taken@example.com")
    assert response.status_code == 302
    assert User.objects.filter(email="taken@example.com").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["taken@example.com"]


def test_sign_out_is_a_post_and_ends_the_session(client):
    client.force_login(verified(UserFactory()))
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_and_reset(client):
    user = verified(UserFactory(email="forgetful@example.com"))
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase",
            "password2": "a new long passphrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new long passphrase")

    client.logout()
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.com"})
    assert len(mail.outbox) == 1
    reset = client.get(link_in(mail.outbox[0]), follow=True)
    form_url = reset.redirect_chain[-1][0] if reset.redirect_chain else link_in(mail.outbox[0])
    response = client.post(
        form_url, {"password1": "brand new passphrase", "password2": "brand new passphrase"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand new passphrase")


def test_the_admin_login_sends_people_to_the_one_rate_limited_sign_in(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/pages/"
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_login") + "?next=/admin/pages/"


def test_a_customer_opening_the_admin_is_told_it_is_for_editors_not_sent_round_in_a_loop(
    client, home_page
):
    """allauth's sign-in page sends a signed-in person on to `next`, and the admin sent them
    back to it: ERR_TOO_MANY_REDIRECTS. Now they land on a page that says why, once."""
    customer = verified(UserFactory(email="customer@example.com", is_staff=False))
    client.force_login(customer)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
    page = response.content.decode()
    assert "customer@example.com" in page
    assert "this account cannot open that page" in page
    # Signing out leads to the sign-in page, which then leads back to the admin.
    next_field = '<input type="hidden" name="next" value="/accounts/login/?next=%2Fadmin%2F">'
    assert next_field in page
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_wear_the_site_theme_and_keep_the_strict_csp(client, name):
    response = client.get(reverse(name))
    page = response.content.decode()
    assert 'data-theme="light"' in page
    assert "/theme/css/" in page  # an anonymous visitor: the rules this page can use
    # The system-dark rules are in the page, allowed by their hash and nothing wider.
    css = re.search(r"<style[^>]*>(.*?)</style>", page, re.S)
    assert css is not None
    assert "prefers-color-scheme:dark" in css.group(1)
    style_src = re.search(r"style-src ([^;]*)", response["Content-Security-Policy"]).group(1)
    assert style_src == f"'self' {sha256_source(css.group(1))}"
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None, "inline script"
    assert " style=" not in page
    assert '<label class="font-medium" for="id_email"' in page or 'for="id_login"' in page
