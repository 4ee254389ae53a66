"""How allauth fits this site: emails carry the site's name and public address (SITE_NAME,
SITE_URL) rather than whatever host a request came in on, and phone numbers (sign-up with
ACCOUNT_PHONE_VERIFICATION) are stored and verified by site_apps.sms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from site_apps.accounts.lockout import login_lockout
from site_apps.common.urls import home_url
from site_apps.security.redirects import MAX_LENGTH, has_control_characters
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

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """The home page in the language the person was reading (a fixed "/" put a Spanish or
        Arabic reader on the English home page, with the "signed out" notice in their
        language above it); `next` still wins, as in allauth."""
        return home_url()

    def is_safe_url(self, url: str | None) -> bool:
        """`next` after sign-in, sign-up and the like: allauth's host rules, and no control
        characters (see site_apps/security/redirects.py)."""
        if not url or len(url) > MAX_LENGTH or has_control_characters(url):
            return False
        return bool(super().is_safe_url(url))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """allauth's failed sign-in limits, saying until when the address is locked. The
        lockout is kept on the request for the views' 429 and Retry-After."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            lockout = login_lockout(request, **credentials)
            if lockout is None:
                raise
            request.login_lockout = lockout  # type: ignore[attr-defined]
            raise ValidationError(
                _(
                    "Too many failed sign-in attempts. Signing in with this address is locked "
                    "until %(time)s UTC (in %(seconds)s seconds); try again then, or reset "
                    "your password."
                )
                % {"time": lockout.until.strftime("%H:%M:%S"), "seconds": lockout.seconds},
                code="too_many_login_attempts",
            ) from None
