from django.urls import path, re_path

from site_apps.teams import views

app_name = "teams"

urlpatterns = [
    path("", views.team_home, name="home"),
    path("new/", views.team_create, name="create"),
    path("switch/", views.team_switch, name="switch"),
    re_path(r"^join/(?P<token>[\w-]{20,100})/$", views.invitation_detail, name="invitation"),
    path("<str:slug>/settings/", views.team_settings, name="settings"),
    path("<str:slug>/settings/name/", views.team_rename, name="rename"),
    path("<str:slug>/invitations/", views.team_invite, name="invite"),
    path("<str:slug>/invitations/<id:pk>/revoke/", views.invitation_revoke, name="revoke"),
    path("<str:slug>/members/<id:pk>/role/", views.member_role, name="role"),
    path("<str:slug>/members/<id:pk>/remove/", views.member_remove, name="remove"),
    path("<str:slug>/leave/", views.team_leave, name="leave"),
]
