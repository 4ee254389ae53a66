"""Writes for the newsletter, and the honeypot check the contact form and newsletter share.

Contact submissions are stored and emailed by Wagtail's AbstractEmailForm (through MAILERS).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cms.pages.models import HONEYPOT_FIELD, NewsletterSubscription


def is_spam(data: QueryDict | dict) -> bool:
    """The honeypot field is hidden from people; anything typed into it came from a bot."""
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


class NewsletterError(ValueError):
    """A sign-up that cannot be accepted, with a message for the visitor."""


def subscribe_to_newsletter(email: str, source: str = "") -> NewsletterSubscription:
    """Add an address to the newsletter list; signing up twice is not an error."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    address = (email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError as error:
        raise NewsletterError(_("Please enter a valid email address.")) from error
    try:
        with transaction.atomic():
            subscription, _created = NewsletterSubscription.objects.get_or_create(
                email=address, defaults={"source": source[:255]}
            )
    except IntegrityError:
        subscription = NewsletterSubscription.objects.get(email=address)
    return subscription
