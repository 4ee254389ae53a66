"""The API's own endpoints: team API keys, usage, and the JWT token endpoints."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.utils import has_verified_email
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_simplejwt import serializers as jwt_serializers, views as jwt_views
from rest_framework_simplejwt.exceptions import ExpiredTokenError, InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import UntypedToken

from site_apps.api import selectors, services, signouts
from site_apps.api.authentication import JWTAuthentication, TokenExpired
from site_apps.api.models import KEY_STATUSES, DailyUsage, TeamAPIKey
from site_apps.api.tokens import AccessToken, RefreshToken
from site_apps.common.api.permissions import PEOPLE, acting_person
from site_apps.common.api.serializers import KnownFieldsOnly
from site_apps.common.api.throttling import Window
from site_apps.common.api.views import ThrottleFirst
from site_apps.teams import policy
from site_apps.teams.api import TeamScopedMixin

KEY_EXAMPLE = {
    "prefix": "Xb3kP9qa",
    "name": "Nightly export",
    "status": "active",
    "created_by": "ada@example.com",
    "created_at": "2026-11-02T09:30:00Z",
    "expires_at": None,
    "revoked_at": None,
}


@extend_schema_serializer(
    examples=[
        OpenApiExample("A key", value=KEY_EXAMPLE, response_only=True),
        OpenApiExample(
            "Make a key",
            value={"name": "Nightly export", "expires_at": "2027-06-30T00:00:00Z"},
            request_only=True,
        ),
    ]
)
class TeamAPIKeySerializer(KnownFieldsOnly, serializers.ModelSerializer[TeamAPIKey]):
    name = serializers.CharField(max_length=50)
    status = serializers.ChoiceField(
        choices=KEY_STATUSES, read_only=True, help_text="Whether it works."
    )
    created_by = serializers.EmailField(source="created_by.email", read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(source="created", read_only=True)
    expires_at = serializers.DateTimeField(
        source="expiry_date", required=False, allow_null=True, help_text="Optional."
    )

    class Meta:
        model = TeamAPIKey
        fields = [
            "prefix",
            "name",
            "status",
            "created_by",
            "created_at",
            "expires_at",
            "revoked_at",
        ]
        read_only_fields = ["prefix", "revoked_at"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A new key",
            value=KEY_EXAMPLE | {"key": "Xb3kP9qa.q2V7tYt1H0cXoZkP4nL8sWm3JdRf6aEb"},
            response_only=True,
        )
    ]
)
class NewTeamAPIKeySerializer(TeamAPIKeySerializer):
    key = serializers.CharField(
        read_only=True, help_text="The secret: shown in this response only. Store it now."
    )

    class Meta(TeamAPIKeySerializer.Meta):
        fields = [*TeamAPIKeySerializer.Meta.fields, "key"]


@extend_schema(tags=["api keys"])
@extend_schema_view(
    create=extend_schema(request=TeamAPIKeySerializer, responses={201: NewTeamAPIKeySerializer}),
    destroy=extend_schema(description="Revoke the key: it stops working at once, for good."),
)
class TeamAPIKeyViewSet(
    ThrottleFirst,
    TeamScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[TeamAPIKey],
):
    """A team's API keys (owners and admins, signed in as themselves). The secret is in the
    create response only; afterwards a key is known by its prefix."""

    serializer_class = TeamAPIKeySerializer
    lookup_field = "prefix"
    lookup_value_converter = "str"
    cursor_ordering = ("-created", "-prefix")
    callers = PEOPLE  # policy.can_manage_api_keys: an API key never manages keys
    throttle_scope = "keys"
    throttle_scope_methods = ("POST",)

    def get_queryset(self) -> QuerySet[TeamAPIKey]:
        policy.can_manage_api_keys(self.actor, by_api_key=self.by_api_key).require()
        return selectors.team_keys(self.team)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        policy.can_manage_api_keys(self.actor, by_api_key=self.by_api_key).require()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key, secret = services.issue_key(
            acting_person(request),
            team=self.team,
            name=serializer.validated_data["name"],
            expires_at=serializer.validated_data.get("expiry_date"),
        )
        key.key = secret  # type: ignore[attr-defined]
        return Response(NewTeamAPIKeySerializer(key).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.revoke_key(acting_person(request), key=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A day's count",
            value={
                "day": "2026-11-25",
                "caller": "key:Xb3kP9qa",
                "api_key": "Xb3kP9qa",
                "user": None,
                "endpoint": "GET /teams/{team_slug}/memberships/",
                "status_class": "2xx",
                "requests": 1412,
            },
            response_only=True,
        )
    ]
)
class DailyUsageSerializer(serializers.ModelSerializer[DailyUsage]):
    caller = serializers.CharField(source="principal", read_only=True)
    api_key = serializers.CharField(source="api_key.prefix", read_only=True, allow_null=True)
    user = serializers.EmailField(source="user.email", read_only=True, allow_null=True)
    requests = serializers.IntegerField(source="count", read_only=True)

    class Meta:
        model = DailyUsage
        fields = ["day", "caller", "api_key", "user", "endpoint", "status_class", "requests"]
        read_only_fields = fields


# Usage is counted from the day the API answers; dates far outside this range are mistakes
# (and would overflow the date arithmetic of the daily summary).
USAGE_DATES = [MinValueValidator(date(2000, 1, 1)), MaxValueValidator(date(2999, 12, 31))]


class UsageFilter(serializers.Serializer[Any]):
    since = serializers.DateField(required=False, validators=USAGE_DATES)
    until = serializers.DateField(required=False, validators=USAGE_DATES)


MAX_SUMMARY_DAYS = 92


class UsageSummaryFilter(UsageFilter):
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        until = attrs.get("until") or timezone.localdate()
        since = attrs.get("since") or until - timedelta(days=29)
        if since > until:
            raise serializers.ValidationError({"since": ["Must be on or before until."]})
        if (until - since).days >= MAX_SUMMARY_DAYS:
            raise serializers.ValidationError(
                {"since": [f"Ask for {MAX_SUMMARY_DAYS} days at most."]}
            )
        return {"since": since, "until": until}


class UsageDaySerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    requests = serializers.IntegerField()
    by_status = serializers.DictField(
        child=serializers.IntegerField(), help_text='Requests per status class, e.g. "2xx".'
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A month",
            value={
                "since": "2026-11-24",
                "until": "2026-11-25",
                "days": [
                    {"day": "2026-11-24", "requests": 0, "by_status": {}},
                    {"day": "2026-11-25", "requests": 1431, "by_status": {"2xx": 1412, "4xx": 19}},
                ],
            },
            response_only=True,
        )
    ]
)
class UsageSummarySerializer(serializers.Serializer[Any]):
    since = serializers.DateField()
    until = serializers.DateField()
    days = UsageDaySerializer(many=True)


@extend_schema(
    tags=["usage"],
    parameters=[
        OpenApiParameter("since", OpenApiTypes.DATE, description="First day (inclusive)."),
        OpenApiParameter("until", OpenApiTypes.DATE, description="Last day (inclusive)."),
    ],
)
class UsageViewSet(
    ThrottleFirst, TeamScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet[DailyUsage]
):
    """Requests the team made, per day, caller, endpoint and status class. Counted as they
    happen and written every few minutes, so today's numbers lag a little."""

    serializer_class = DailyUsageSerializer
    cursor_ordering = ("-day", "-pk")

    def get_queryset(self) -> QuerySet[DailyUsage]:
        policy.can_view_usage(self.actor).require()
        dates = UsageFilter(data=self.request.query_params)
        dates.is_valid(raise_exception=True)
        return selectors.team_usage(self.team, **dates.validated_data)

    @extend_schema(
        responses=UsageSummarySerializer,
        description=(
            "Requests per day over a period (the last 30 days by default, 92 at most), every "
            "day listed, with counts per status class: for charts."
        ),
    )
    @action(detail=False, pagination_class=None)
    def daily(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        policy.can_view_usage(self.actor).require()
        dates = UsageSummaryFilter(data=request.query_params)
        dates.is_valid(raise_exception=True)
        since, until = dates.validated_data["since"], dates.validated_data["until"]
        days = selectors.usage_by_day(self.team, since, until)
        return Response(UsageSummarySerializer({"since": since, "until": until, "days": days}).data)


# --- JWT ------------------------------------------------------------------------------------
class ExpiredTokensSaySo:
    """For simplejwt's token views: an expired token is `token_expired`, as on every other
    endpoint (`JWTAuthentication`), not `token_not_valid` like a forged one."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)  # type: ignore[misc]
        except InvalidToken as error:
            # simplejwt's views raise InvalidToken from the TokenError that says why.
            if isinstance(error.__cause__, ExpiredTokenError):
                raise TokenExpired(error.__cause__.args[0]) from error.__cause__
            raise


TOKENS = {"access": "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl"}
TOKENS_WITH_REFRESH = TOKENS | {
    "refresh": "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl"
}


class SignInLocked(exceptions.Throttled):
    """429 for allauth's sign-in lockout. Its (translated) message already says when the lock
    ends, so DRF's "Expected available in N seconds." is not appended; `wait` still makes the
    Retry-After header."""

    def __init__(self, detail: str, *, wait: float | None) -> None:
        super().__init__(detail=detail)
        self.wait = None if wait is None else math.ceil(wait)


class PasswordTokenSerializer(jwt_serializers.TokenObtainPairSerializer):
    """Email and password checked the way the site's sign-in checks them: through allauth, with
    its rate limits (per address and per email), and only for a verified email address."""

    token_class = RefreshToken  # access tokens that know their issue time to the microsecond

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        request = self.context["request"]._request
        try:
            user = get_account_adapter(request).authenticate(
                request, email=attrs["email"], password=attrs["password"]
            )
        except DjangoValidationError as error:  # allauth's "too many login attempts"
            lockout = getattr(request, "login_lockout", None)
            if lockout is not None:
                # The headers tell the lockout, not the endpoint's own (looser) window.
                request.api_ratelimit = Window(
                    limit=lockout.limit, remaining=0, reset=lockout.seconds
                )
            raise SignInLocked(
                " ".join(error.messages), wait=lockout.seconds if lockout else None
            ) from None
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(
                _("No active account found with the given credentials"), code="no_active_account"
            )
        if not has_verified_email(user):
            raise exceptions.AuthenticationFailed(
                _("Verify your email address first: follow the link we sent you."),
                code="email_not_verified",
            )
        refresh = self.get_token(user)
        return {"refresh": str(refresh), "access": str(refresh.access_token)}  # type: ignore[attr-defined]


@extend_schema(
    tags=["auth"],
    examples=[
        OpenApiExample(
            "Sign in",
            value={"email": "ada@example.com", "password": "correct horse battery staple"},
            request_only=True,
        ),
        OpenApiExample("Tokens", value=TOKENS_WITH_REFRESH, response_only=True),
    ],
    responses={
        200: inline_serializer(
            name="TokenPair",
            fields={
                "access": serializers.CharField(
                    help_text="Send as `Authorization: Bearer <access>`; valid 10 minutes."
                ),
                "refresh": serializers.CharField(
                    help_text="Trade at auth/token/refresh/ for new tokens; sign out with it."
                ),
            },
        )
    },
)
class TokenObtainPairView(ThrottleFirst, jwt_views.TokenObtainPairView):
    """Trade an email and password for an access token (10 minutes) and a refresh token.
    The email address must be verified; failed attempts count as failed sign-ins."""

    serializer_class = PasswordTokenSerializer
    throttle_scope = "token"


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    token_class = RefreshToken  # as PasswordTokenSerializer


@extend_schema(
    tags=["auth"],
    examples=[
        OpenApiExample(
            "Refresh", value={"refresh": TOKENS_WITH_REFRESH["refresh"]}, request_only=True
        ),
        OpenApiExample("New tokens", value=TOKENS_WITH_REFRESH, response_only=True),
    ],
)
class TokenRefreshView(ThrottleFirst, ExpiredTokensSaySo, jwt_views.TokenRefreshView):
    """A new access token (and a new refresh token: the old one is blacklisted)."""

    serializer_class = TokenRefreshSerializer
    throttle_scope = "token"


class TokenVerifySerializer(jwt_serializers.TokenVerifySerializer):
    """simplejwt's check of the signature, expiry and blacklist, and, for an access token, what
    every endpoint checks before it accepts one: a person who exists and is active, and who has
    not signed out since the token was issued (`token_signed_out`)."""

    def validate(self, attrs: dict[str, Any]) -> dict[Any, Any]:
        answer = super().validate(attrs)
        token = UntypedToken(attrs["token"])
        if token.get(jwt_settings.TOKEN_TYPE_CLAIM) == AccessToken.token_type:
            JWTAuthentication().get_user(token)  # raises AuthenticationFailed saying why
        return answer


@extend_schema(
    tags=["auth"],
    examples=[
        OpenApiExample("Verify", value={"token": TOKENS["access"]}, request_only=True),
        OpenApiExample("Valid", value={}, response_only=True),
    ],
    responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The token is valid: `{}`.")},
)
class TokenVerifyView(ThrottleFirst, ExpiredTokensSaySo, jwt_views.TokenVerifyView):
    """200 when the token is valid, 401 with the reason when it is not: an access token is
    refused here exactly as an endpoint would refuse it (expired, signed out...)."""

    serializer_class = TokenVerifySerializer


@extend_schema(
    tags=["auth"],
    examples=[
        OpenApiExample(
            "Sign out", value={"refresh": TOKENS_WITH_REFRESH["refresh"]}, request_only=True
        ),
        OpenApiExample("Signed out", value={}, response_only=True),
    ],
    responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="Signed out: `{}`.")},
)
class LogoutView(ThrottleFirst, ExpiredTokensSaySo, jwt_views.TokenBlacklistView):
    """Sign out: blacklist the refresh token so it cannot make access tokens any more, and
    refuse the access tokens already issued to this person from now on."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        refresh = request.data.get("refresh") if isinstance(request.data, dict) else None
        try:
            user_id = RefreshToken(refresh).payload.get("user_id") if refresh else None
        except (TokenError, TypeError):
            user_id = None  # simplejwt answers the bad token below
        response = super().post(request, *args, **kwargs)
        if response.status_code == status.HTTP_200_OK and user_id is not None:
            signouts.sign_out_tokens(user_id)
        return response
