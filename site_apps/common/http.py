"""Request types for views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from site_apps.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """What a view behind `login_required` receives: `user` is a signed-in person, never
    `AnonymousUser`, so it can be handed to a service that acts for them. For annotations
    only: Django still passes a plain `HttpRequest`."""

    user: User
