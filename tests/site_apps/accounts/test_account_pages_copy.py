"""The account pages speak like the rest of the site: sentence case in English (allauth's own
strings are Title Case), "tú" in Spanish (allauth's Spanish says "usted"), and field errors sit
quietly next to their field, linked for screen readers."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def page(client, url: str, data: dict | None = None) -> BeautifulSoup:
    response = client.post(url, data) if data is not None else client.get(url)
    return BeautifulSoup(response.content, "html.parser")


def test_sign_in_and_sign_up_read_in_sentence_case(client):
    login = page(client, "/accounts/login/")
    assert login.h1.get_text(strip=True) == "Sign in"
    assert login.find("button", type="submit").get_text(strip=True) == "Sign in"
    assert login.find("label", attrs={"for": "id_remember"}).get_text(strip=True) == "Remember me"
    signup = page(client, "/accounts/signup/")
    assert signup.h1.get_text(strip=True) == "Sign up"
    reset = page(client, "/accounts/password/reset/")
    assert reset.h1.get_text(strip=True) == "Password reset"
    assert reset.find("button", type="submit").get_text(strip=True) == "Reset my password"


def test_spanish_account_pages_say_tu():
    from django.test import Client

    client = Client(headers={"accept-language": "es"})
    reset = page(client, "/es/accounts/password/reset/").get_text(" ", strip=True)
    assert "¿Has olvidado tu contraseña?" in reset
    assert "Introduzca" not in reset
    wrong = page(client, "/es/accounts/login/", {"login": "a@example.com", "password": "nope"})
    text = wrong.get_text(" ", strip=True)
    assert "El correo electrónico o la contraseña que has indicado no son correctos." in text


def test_a_field_error_sits_next_to_its_field_and_is_linked(client):
    signup = page(
        client,
        "/accounts/signup/",
        {"email": "not-an-email", "password1": "x", "password2": "y"},
    )
    email = signup.find("input", attrs={"name": "email"})
    assert email["aria-invalid"] == "true"
    error = signup.find(id=email["aria-describedby"].split()[-1])
    assert "text-error-strong" in error["class"]
    assert "bg-error" not in error["class"]
    assert error.get_text(strip=True)
    summary = signup.find(attrs={"role": "alert"})  # type: ignore[call-overload]  # bs4's dict is invariant
    assert "fields marked below" in summary.get_text()


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [
        ("", "This link does not work"),
        ("/es", "Enlace no válido"),
        ("/fr", "Ce lien ne fonctionne pas"),
        ("/ar", "هذا الرابط لا يعمل"),
    ],
)
def test_a_spent_reset_link_says_the_link_does_not_work(client, prefix, heading):
    """allauth's "Bad Token" (French "Mauvais jeton d'identification", Arabic "invalid code")
    reads as what a person sees: a link that does not work."""
    spent = page(client, f"{prefix}/accounts/password/reset/key/1-not-a-key/")
    assert spent.h1.get_text(strip=True) == heading


def test_french_account_pages_say_vous_with_french_punctuation():
    from django.test import Client

    client = Client()
    text = " ".join(
        page(client, f"/fr/accounts/{path}").get_text(" ", strip=True)
        for path in ("password/reset/done/", "password/reset/key/1-not-a-key/", "login/")
    )
    assert "ne fonctionne pas" in text
    assert "jeton" not in text
    assert "regardez dans les courriers indésirables\u202f;" in text
    assert " :" not in text
    assert " ?" not in text
