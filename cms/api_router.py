"""/api/<version>/…: every endpoint of the API, with its schema and docs.

Each app keeps its endpoints in its own `api.py`; they are registered here, in the project's
URL configuration, so the API app's plumbing never imports the apps that use it (the layers in
docs/architecture.md). `version` is checked by DRF's URLPathVersioning (ALLOWED_VERSIONS): only
v1 today.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView as SwaggerView,
)
from rest_framework.routers import SimpleRouter

from cms.blog.api import BlogPostViewSet
from cms.pages.api import PageViewSet
from site_apps.api import api
from site_apps.observability.api import TodoItemViewSet
from site_apps.teams.api import (
    InvitationViewSet,
    KeyTeamView,
    MembershipViewSet,
    MeView,
    TeamViewSet,
)
from site_apps.uploads.api import UploadViewSet

router = SimpleRouter(use_regex_path=False)
router.register("teams", TeamViewSet, basename="team")
router.register("teams/<str:team_slug>/memberships", MembershipViewSet, basename="membership")
router.register("teams/<str:team_slug>/invitations", InvitationViewSet, basename="invitation")
router.register("teams/<str:team_slug>/api-keys", api.TeamAPIKeyViewSet, basename="api-key")
router.register("teams/<str:team_slug>/usage", api.UsageViewSet, basename="usage")
router.register("teams/<str:team_slug>/files", UploadViewSet, basename="upload")
router.register("pages", PageViewSet, basename="page")
router.register("blog-posts", BlogPostViewSet, basename="blog-post")
router.register("todos", TodoItemViewSet, basename="todo")

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("auth/token/", api.TokenObtainPairView.as_view(), name="token-obtain"),
    path("auth/token/refresh/", api.TokenRefreshView.as_view(), name="token-refresh"),
    path("auth/token/verify/", api.TokenVerifyView.as_view(), name="token-verify"),
    path("auth/logout/", api.LogoutView.as_view(), name="logout"),
    path("me/", MeView.as_view(), name="me"),
    path("team/", KeyTeamView.as_view(), name="key-team"),
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="swagger-ui"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
]
