"""Writes for the contact form and the newsletter: emailing staff, signing up, dropping bots.

Contact submissions are stored by Wagtail's AbstractEmailForm and emailed to staff from here,
through the default mailer of `MAILERS`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cms.pages.models import HONEYPOT_FIELD, NewsletterSubscription
from site_apps.common.errors import ApplicationError


def is_spam(data: QueryDict | dict[str, Any]) -> bool:
    """The honeypot field is hidden from people; anything typed into it came from a bot."""
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


def email_submission_to_staff(page: Any, form: Any) -> None:
    """Email a contact-form submission to the page's staff addresses through the default mailer
    (`MAILERS`), with Reply-To set to the visitor's email address so staff can simply reply."""
    addresses = [address.strip() for address in page.to_address.split(",") if address.strip()]
    reply_to = [
        value
        for name, value in form.cleaned_data.items()
        if value and isinstance(form.fields.get(name), forms.EmailField)
    ]
    EmailMessage(
        subject=page.subject,
        body=page.render_email(form),
        from_email=page.from_address or None,
        to=addresses,
        reply_to=reply_to[:1],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()


class NewsletterError(ApplicationError, ValueError):
    """A sign-up that cannot be accepted, with a message for the visitor."""

    code = "newsletter_error"


def newsletter_address(email: str) -> str:
    """The address as the list keeps it (trimmed, lower case), or NewsletterError."""
    address = (email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError as error:
        raise NewsletterError(_("Please enter a valid email address.")) from error
    return address


def subscribe_to_newsletter(email: str, source: str = "") -> NewsletterSubscription:
    """Add an address to the newsletter list; signing up twice is not an error."""
    address = newsletter_address(email)
    try:
        with transaction.atomic():
            subscription, _created = NewsletterSubscription.objects.get_or_create(
                email=address, defaults={"source": source[:255]}
            )
    except IntegrityError:
        subscription = NewsletterSubscription.objects.get(email=address)
    return subscription
