"""The emails allauth sends read like the rest of the site in the reader's language: "tú" in
Spanish (allauth's Spanish says "usted", and misspells "recuperació"), modern standard Arabic
without the stray Latin letters allauth's Arabic has ("O أنت تتلقى…", "J لقد تم…"). Each is
triggered through the real views under the language's URL prefix."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from tests.site_apps.accounts.factories import UserFactory, verified

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
# Formal Spanish as allauth writes it: "usted", "su cuenta", "haga clic", "confirme su…".
FORMAL = re.compile(r"\b(usted|su|sus|haga|introdúzcalo|confirme|reconoce|tome)\b", re.IGNORECASE)


def emails_for(client, prefix: str) -> dict[str, EmailMessage]:
    """Sign-up (new and taken address) and password reset (known and unknown address), in the
    language of `prefix`; each email by what it is about."""
    verified(UserFactory(email="known@example.com"))
    client.post(f"{prefix}/accounts/password/reset/", {"email": "known@example.com"})
    client.post(f"{prefix}/accounts/password/reset/", {"email": "nobody@example.com"})
    for email in ("known@example.com", "newcomer@example.com"):
        client.post(
            f"{prefix}/accounts/signup/",
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )
    found = dict(
        zip(("reset", "unknown", "taken", "confirm"), mail.outbox, strict=True),
    )
    assert [m.to for m in found.values()] == [
        ["known@example.com"],
        ["nobody@example.com"],
        ["known@example.com"],
        ["newcomer@example.com"],
    ]
    return found


def the_words(message: EmailMessage) -> str:
    """Subject and body without the addresses, links and the site's name."""
    text = f"{message.subject}\n{message.body}"
    return re.sub(r"\S*[@/:.]\S*[^\s.]|\bLumen\b", "", text)


def test_spanish_account_emails_say_tu(client):
    emails = emails_for(client, "/es")
    for what, message in emails.items():
        text = f"{message.subject}\n{message.body}"
        assert not FORMAL.search(text), (what, FORMAL.search(text), text)
        assert "recuperació " not in text, what
        assert message.body.startswith("¡Hola desde Lumen!"), (what, message.body)
        assert "¡Gracias por usar Lumen!" in message.body, what
    assert emails["reset"].subject == "[Lumen] Restablece tu contraseña"
    assert "restablecer la contraseña de tu cuenta" in emails["reset"].body
    assert emails["unknown"].subject == "[Lumen] Cuenta desconocida"
    assert "puedes crear una cuenta" in emails["unknown"].body
    assert emails["taken"].subject == "[Lumen] Ya tienes una cuenta"
    assert "restablece tu contraseña para recuperar tu cuenta" in emails["taken"].body
    assert emails["confirm"].subject == "[Lumen] Confirma tu dirección de correo electrónico"


def test_spanish_change_notifications_say_tu(client, settings):
    """The password-changed notice (off unless ACCOUNT_EMAIL_NOTIFICATIONS) and the
    notification frame around it: allauth's "se ha realizado el siguiente cambio en su cuenta"."""
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    client.force_login(verified(UserFactory(email="known@example.com")))
    client.post(
        "/es/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase",
            "password2": "a new long passphrase",
        },
    )
    [message] = mail.outbox
    text = f"{message.subject}\n{message.body}"
    assert not FORMAL.search(text), (FORMAL.search(text), text)
    assert message.subject == "[Lumen] Contraseña cambiada"
    assert "siguiente cambio en tu cuenta" in message.body
    assert "Se ha cambiado tu contraseña." in message.body


def test_arabic_account_emails_are_arabic_without_stray_latin_letters(client):
    emails = emails_for(client, "/ar")
    for what, message in emails.items():
        words = the_words(message)
        assert re.search(r"[\u0600-\u06ff]", str(message.subject)), (what, message.subject)
        assert not re.search(r"[A-Za-z]", words), (what, words)
        assert not re.search(r"(?m)^[A-Za-z] ", str(message.body)), (what, message.body)
    assert emails["unknown"].subject == "[Lumen] حساب غير معروف"
    assert "لكن لا يوجد لدينا أي حساب بهذا العنوان" in emails["unknown"].body
    assert "مرحبًا من Lumen!" in emails["reset"].body


def test_french_account_emails_say_vous_with_french_punctuation(client):
    for what, message in emails_for(client, "/fr").items():
        words = the_words(message)
        assert "'" not in words, (what, words)
        assert not re.search(r"[^\u00a0\u202f][:;!?](\s|$)", words), (what, words)
    assert "Bonjour de la part de Lumen\u202f!" in mail.outbox[0].body
