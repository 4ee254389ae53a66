"""/teams/<slug>/api-keys/…: the team settings tab for API keys (prefixed by language)."""

from django.urls import path

from site_apps.api import dashboard

app_name = "api_keys"

urlpatterns = [
    path("<str:slug>/api-keys/", dashboard.team_keys, name="list"),
    path("<str:slug>/api-keys/new/", dashboard.key_create, name="create"),
    path("<str:slug>/api-keys/<str:prefix>/revoke/", dashboard.key_revoke, name="revoke"),
]
