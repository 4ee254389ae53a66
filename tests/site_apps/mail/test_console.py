"""The development mailer prints links whole, whatever the body's transfer encoding."""

from __future__ import annotations

import io

from django.core.mail import EmailMultiAlternatives

from site_apps.mail.console import ReadableConsoleEmailBackend

LINK = "http://127.0.0.1:8000/ar/accounts/confirm-email/" + "MQ:1vZxQk:" + "a" * 60 + "/"


def test_a_long_link_in_a_quoted_printable_body_is_printed_on_one_line():
    message = EmailMultiAlternatives(
        subject="[Lumen] تأكيد البريد", body=f"مرحبًا،\n\n{LINK}\n", to=["a@example.com"]
    )
    message.attach_alternative(f"<p><a href='{LINK}'>{LINK}</a></p>", "text/html")
    message.attach("notes.txt", "x" * 10, "application/octet-stream")
    assert LINK not in message.message().as_string()  # Django's own output wraps it
    stream = io.StringIO()
    ReadableConsoleEmailBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert printed.count(LINK) == 3  # the text part once, the HTML part twice
    assert "Subject: [Lumen] تأكيد البريد" in printed
    assert "To: a@example.com" in printed
    assert "[attachment notes.txt, application/octet-stream]" in printed
