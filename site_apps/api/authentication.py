"""Team API keys as a DRF authentication class.

A request sends `Authorization: Api-Key <prefix>.<secret>`. The key acts for its team (with a
plain member's rights, see `site_apps.teams.policy.API_KEY_ROLE`), never as the person who made
it: `request.user` is a `TeamKeyUser` and `request.auth` the `TeamAPIKey`. A wrong, revoked or
expired key is refused with 401 and a message saying which.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request
from rest_framework_simplejwt import authentication as jwt_authentication
from rest_framework_simplejwt.exceptions import ExpiredTokenError, InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import Token

from site_apps.api import signouts
from site_apps.api.models import TeamAPIKey
from site_apps.billing import entitlements

KEYWORD = "Api-Key"


class TeamKeyUser(AnonymousUser):
    """Who a request made with a team API key is: the key's team, not a person."""

    def __init__(self, key: TeamAPIKey) -> None:
        self.key = key
        self.team = key.team

    @property
    def is_authenticated(self) -> bool:  # type: ignore[override]
        return True

    @property
    def is_anonymous(self) -> bool:  # type: ignore[override]
        return False

    def __str__(self) -> str:
        return f"API key {self.key.prefix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TeamKeyUser) and other.key.pk == self.key.pk

    def __hash__(self) -> int:
        return hash(self.key.pk)


class TeamAPIKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[TeamKeyUser, TeamAPIKey] | None:
        if authorization_scheme(request) != KEYWORD.lower():
            return None  # not ours: another class may know the header
        header = get_authorization_header(request).split()
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _('Send the key as "Authorization: Api-Key <key>", with no spaces in the key.'),
                code="invalid_api_key",
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                _("This API key is not valid."), code="invalid_api_key"
            ) from None
        key = authenticate_key(raw)
        # A plan without the API (billing/plans.py) answers 402 `plan_limit_reached`.
        entitlements.team_can(key.team, "api_access").require()
        request._request.api_key = key  # type: ignore[attr-defined]  # usage and throttles read it
        return TeamKeyUser(key), key

    def authenticate_header(self, request: Request) -> str:
        """The challenge of every 401. DRF asks only the first authentication class, this one,
        so it answers for the others too: a refused Bearer token is told about Bearer (RFC
        6750); a key, or no credentials at all, about API keys."""
        if authorization_scheme(request) == "bearer":
            return JWTAuthentication().authenticate_header(request)
        return f'{KEYWORD} realm="api"'


def authorization_scheme(request: Request) -> str:
    """The scheme of the request's Authorization header, in lower case ("" without one)."""
    header = get_authorization_header(request).split()
    return header[0].decode("latin-1").lower() if header else ""


def authenticate_key(raw: str) -> TeamAPIKey:
    """The key this secret stands for, or `AuthenticationFailed` naming what is wrong: one
    query (the key and its team), whatever the outcome."""
    prefix, dot, _secret = raw.partition(".")
    key = (
        TeamAPIKey.objects.select_related("team").filter(prefix=prefix).first()
        if dot and prefix
        else None
    )
    if key is None or not key.is_valid(raw):
        raise exceptions.AuthenticationFailed(
            _("This API key is not valid. Check that you copied all of it."),
            code="invalid_api_key",
        )
    if key.revoked:
        raise exceptions.AuthenticationFailed(
            _("This API key was revoked. Ask a team owner or admin for a new one."),
            code="revoked_api_key",
        )
    if key.has_expired:
        raise exceptions.AuthenticationFailed(
            _("This API key has expired. Ask a team owner or admin for a new one."),
            code="expired_api_key",
        )
    return key


class TokenExpired(InvalidToken):
    """401 `token_expired`: the token was good but its time is up (refresh it, or sign in
    again). simplejwt calls it `token_not_valid`, like a forged one, and its authentication
    says only "Given token not valid for any token type"."""

    default_code = "token_expired"


class JWTAuthentication(jwt_authentication.JWTAuthentication):
    """simplejwt's bearer tokens, except those issued before their person signed out: an
    access token stops working at sign-out, not only when it expires (see `signouts`). An
    expired token is refused as `token_expired`."""

    def get_validated_token(self, raw_token: bytes) -> Token:
        for token_class in jwt_settings.AUTH_TOKEN_CLASSES:
            try:
                return token_class(raw_token)
            except ExpiredTokenError as error:  # its message: "Token is expired", translated
                raise TokenExpired(error.args[0]) from error
            except TokenError:
                continue
        return super().get_validated_token(raw_token)  # InvalidToken, with simplejwt's words

    def authenticate_header(self, request: Request) -> str:
        challenge = super().authenticate_header(request)  # 'Bearer realm="api"'
        if authorization_scheme(request) == "bearer":
            return f'{challenge}, error="invalid_token"'  # a token was sent and refused
        return challenge

    # (simplejwt types the result with a TypeVar no argument binds, which no override can meet.)
    def get_user(self, validated_token: Token) -> Any:
        user = super().get_user(validated_token)
        if signouts.issued_before_sign_out(user.pk, validated_token.get("iat")):
            raise exceptions.AuthenticationFailed(
                _("This token was signed out. Sign in again for a new one."),
                code="token_signed_out",
            )
        return user
