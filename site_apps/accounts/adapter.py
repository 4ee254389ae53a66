"""How allauth fits this site: emails carry the site's name and public address (SITE_NAME,
SITE_URL) rather than whatever host a request came in on, and phone numbers (sign-up with
ACCOUNT_PHONE_VERIFICATION) are stored and verified by site_apps.sms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from site_apps.sms.allauth import PhoneAdapterMixin


@dataclass(frozen=True)
class PublicSite:
    """What allauth's email templates read from `current_site`."""

    name: str
    domain: str


class AccountAdapter(PhoneAdapterMixin, DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        site = PublicSite(name=settings.SITE_NAME, domain=urlparse(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {"current_site": site, **context})
