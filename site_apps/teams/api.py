"""The teams API: who I am, my teams, their members and invitations.

Thin: every change goes through `services.py`, which checks `policy.py`; a refusal becomes a
403 with the policy's reason, a request that makes no sense a 400 (see site_apps.api.errors).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.exceptions import NotAuthenticated
from rest_framework.generics import GenericAPIView, RetrieveAPIView, RetrieveUpdateAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from site_apps.common.api.permissions import (
    PEOPLE,
    IsPerson,
    IsTeamKey,
    request_key,
    request_person,
)
from site_apps.common.api.serializers import KnownFieldsOnly
from site_apps.common.api.views import ThrottleFirst
from site_apps.common.users import Person
from site_apps.teams import plan as team_plan, policy, selectors, services
from site_apps.teams.models import Invitation, Membership, Role, Team

User = get_user_model()


# --- Reaching a team: what every endpoint under /teams/<team_slug>/ shares -------------------
# A team is reached only through the caller: a person's membership, or the team of the API key.
# Another team's slug answers 404, exactly like a slug that does not exist.
def acting_membership(request: Request, slug: str) -> Membership:
    """The caller's membership in the team with this slug; an unsaved one with
    `policy.API_KEY_ROLE` for an API key of that team. `NotFound` for any other team."""
    key = request_key(request)
    if key is not None:
        if key.team.slug != slug:
            raise exceptions.NotFound(_("No team with this slug."))
        membership = Membership(team=key.team, role=policy.API_KEY_ROLE)
    else:
        found = selectors.membership_in(request.user, slug)
        if found is None:
            raise exceptions.NotFound(_("No team with this slug."))
        membership = found
    # Usage is counted for this team (a plain attribute the usage middleware reads).
    request._request.api_team_id = membership.team_id  # type: ignore[attr-defined]
    return membership


if TYPE_CHECKING:
    _ScopedView = GenericAPIView[Any]  # what the mixin is mixed into (for its `request`)
else:
    _ScopedView = object


class TeamScopedMixin(_ScopedView):
    """For views under /teams/<team_slug>/: `self.actor` is the caller's membership there."""

    _actor: Membership | None = None

    @property
    def actor(self) -> Membership:
        if self._actor is None:
            self._actor = acting_membership(self.request, self.kwargs["team_slug"])
        return self._actor

    @property
    def team(self) -> Team:
        return self.actor.team

    @property
    def by_api_key(self) -> bool:
        return request_key(self.request) is not None


# --- Me -------------------------------------------------------------------------------------
@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A person",
            value={
                "id": 7,
                "email": "ada@example.com",
                "first_name": "Ada",
                "last_name": "Lovelace",
                "is_staff": False,
            },
            response_only=True,
        ),
        OpenApiExample(
            "Change the name", value={"first_name": "Ada", "last_name": "King"}, request_only=True
        ),
    ]
)
class MeSerializer(KnownFieldsOnly, serializers.ModelSerializer[Person]):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "is_staff"]
        read_only_fields = ["id", "email", "is_staff"]


@extend_schema(tags=["me"])
class MeView(ThrottleFirst, RetrieveUpdateAPIView[Person]):
    """The signed-in person (session or JWT; an API key acts for a team, not a person)."""

    serializer_class = MeSerializer
    permission_classes = [IsPerson]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> Person:
        return request_person(self.request)


# --- Teams ----------------------------------------------------------------------------------
@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A team",
            value={
                "slug": "acme",
                "name": "Acme",
                "role": "owner",
                "created_at": "2026-11-02T09:30:00Z",
            },
            response_only=True,
        ),
        OpenApiExample("Rename", value={"name": "Acme Inc."}, request_only=True),
    ]
)
class TeamSerializer(KnownFieldsOnly, serializers.ModelSerializer[Team]):
    role = serializers.ChoiceField(
        choices=Role.choices, read_only=True, help_text="Your role in the team."
    )

    class Meta:
        model = Team
        fields = ["slug", "name", "role", "created_at"]
        read_only_fields = ["slug", "created_at"]
        extra_kwargs = {"name": {"min_length": 1, "allow_blank": False}}

    def update(self, instance: Team, validated_data: dict[str, Any]) -> Team:
        view = self.context["view"]
        team = services.rename_team(
            view.actor, team=instance, name=validated_data.get("name", instance.name)
        )
        team.role = view.actor.role  # type: ignore[attr-defined]
        return team


@extend_schema(tags=["teams"])
class TeamViewSet(
    ThrottleFirst,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    TeamScopedMixin,
    viewsets.GenericViewSet[Team],
):
    """Your teams (an API key sees its own team). Owners and admins may rename a team."""

    serializer_class = TeamSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "team_slug"
    lookup_value_converter = "str"
    cursor_ordering = ("name", "pk")
    http_method_names = ["get", "patch", "head", "options"]
    # Renaming is for owners and admins: never an API key, which acts as a member.
    callers_by_action = {"partial_update": PEOPLE}

    def get_queryset(self) -> QuerySet[Team]:
        if self.kwargs.get("team_slug"):
            return Team.objects.filter(pk=self.actor.team_id).annotate(role=Value(self.actor.role))
        key = request_key(self.request)
        if key is not None:
            return Team.objects.filter(pk=key.team_id).annotate(role=Value(policy.API_KEY_ROLE))
        person = request_person(self.request)
        mine = Membership.objects.filter(team=OuterRef("pk"), user=person)
        return Team.objects.filter(memberships__user=person).annotate(
            role=Subquery(mine.values("role")[:1])
        )


# --- The team of an API key ------------------------------------------------------------------
@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A key's team",
            value={
                "slug": "acme",
                "name": "Acme",
                "role": "member",
                "created_at": "2026-11-02T09:30:00Z",
                "plan": "starter",
                "api_key": "Xb3kP9qa",
            },
            response_only=True,
        )
    ]
)
class KeyTeamSerializer(TeamSerializer):
    plan = serializers.CharField(
        read_only=True, help_text="The team's plan: starter, team or business."
    )
    api_key = serializers.CharField(read_only=True, help_text="The prefix of the key calling.")

    class Meta(TeamSerializer.Meta):
        fields = [*TeamSerializer.Meta.fields, "plan", "api_key"]
        read_only_fields = fields


@extend_schema(tags=["teams"])
class KeyTeamView(ThrottleFirst, RetrieveAPIView[Team]):
    """The team of the API key making the request: the first call to try with a new key.
    People (session or JWT) list their teams at `teams/` instead."""

    serializer_class = KeyTeamSerializer
    permission_classes = [IsTeamKey]

    def get_object(self) -> Any:
        key = request_key(self.request)
        if key is None:  # IsTeamKey lets only a key through; say so if that ever changes
            raise NotAuthenticated()
        team: Team = key.team
        # Usage is counted for this team (a plain attribute the usage middleware reads).
        self.request._request.api_team_id = team.pk  # type: ignore[attr-defined]
        team.role = policy.API_KEY_ROLE  # type: ignore[attr-defined]
        team.plan = team_plan.plan_slug(team)  # type: ignore[attr-defined]
        team.api_key = key.prefix  # type: ignore[attr-defined]
        return team


# --- Memberships ----------------------------------------------------------------------------
class MemberSerializer(serializers.ModelSerializer[Person]):
    name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "name"]
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A member",
            value={
                "id": 12,
                "user": {"id": 7, "email": "ada@example.com", "name": "Ada Lovelace"},
                "role": "admin",
                "created_at": "2026-11-02T09:30:00Z",
            },
            response_only=True,
        ),
        OpenApiExample("Make an admin", value={"role": "admin"}, request_only=True),
    ]
)
class MembershipSerializer(KnownFieldsOnly, serializers.ModelSerializer[Membership]):
    user = MemberSerializer(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "created_at"]
        read_only_fields = ["id", "user", "created_at"]

    def update(self, instance: Membership, validated_data: dict[str, Any]) -> Membership:
        actor = self.context["view"].actor
        return services.change_role(
            actor, target=instance, new_role=validated_data.get("role", instance.role)
        )


@extend_schema(tags=["teams"])
class MembershipViewSet(
    ThrottleFirst,
    TeamScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Membership],
):
    """A team's members. Owners and admins change roles and remove members; anyone may leave
    (delete their own membership) unless they are the last owner."""

    serializer_class = MembershipSerializer
    lookup_value_converter = "id"
    cursor_ordering = ("created_at", "pk")
    http_method_names = ["get", "patch", "delete", "head", "options"]
    # Roles and removals are for owners and admins (or a person leaving): an API key acts as
    # a member without a membership of its own, so it reads only.
    callers_by_action = {"partial_update": PEOPLE, "destroy": PEOPLE}

    def get_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.filter(team=self.actor.team_id).select_related("user", "team")

    def perform_destroy(self, instance: Membership) -> None:
        services.remove_member(self.actor, target=instance)


# --- Invitations ----------------------------------------------------------------------------
@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An invitation",
            value={
                "id": 3,
                "email": "grace@example.com",
                "role": "member",
                "status": "pending",
                "invited_by": "ada@example.com",
                "created_at": "2026-11-02T09:30:00Z",
                "expires_at": "2026-11-09T09:30:00Z",
            },
            response_only=True,
        ),
        OpenApiExample(
            "Invite", value={"email": "grace@example.com", "role": "member"}, request_only=True
        ),
    ]
)
class InvitationSerializer(KnownFieldsOnly, serializers.ModelSerializer[Invitation]):
    role = serializers.ChoiceField(choices=Role.choices, default=Role.MEMBER)
    status = serializers.ChoiceField(choices=Invitation.Status.choices, read_only=True)
    invited_by = serializers.EmailField(source="author.email", read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "status", "invited_by", "created_at", "expires_at"]
        read_only_fields = ["id", "status", "invited_by", "created_at", "expires_at"]

    def create(self, validated_data: dict[str, Any]) -> Invitation:
        view = self.context["view"]
        return services.invite_member(
            view.actor,
            team=view.team,
            email=validated_data["email"],
            role=validated_data["role"],
        )


@extend_schema(tags=["teams"])
@extend_schema_view(
    create=extend_schema(
        responses={
            201: InvitationSerializer,
            502: OpenApiResponse(
                description="The invitation email could not be sent (`provider_error`): no "
                "invitation was kept (one it replaced stands again). Try again later."
            ),
        }
    )
)
class InvitationViewSet(
    ThrottleFirst,
    TeamScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Invitation],
):
    """Open invitations to a team (owners and admins). Creating one emails a single-use link;
    deleting one revokes it."""

    serializer_class = InvitationSerializer
    lookup_value_converter = "id"
    cursor_ordering = ("-created_at", "-pk")
    callers = PEOPLE  # owners and admins: never an API key, which acts as a member
    throttle_scope = "invitations"
    throttle_scope_methods = ("POST",)

    def get_queryset(self) -> QuerySet[Invitation]:
        policy.can_manage_members(self.actor).require()
        return Invitation.objects.filter(team=self.actor.team_id).pending().select_related("author")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        policy.can_invite(self.actor).require()
        return super().create(request, *args, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.revoke_invitation(self.actor, invitation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
