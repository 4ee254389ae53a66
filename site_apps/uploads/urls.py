"""/teams/<slug>/files/…: the team settings tab for files (prefixed by language)."""

from django.urls import path

from site_apps.uploads import views

app_name = "uploads"

urlpatterns = [
    path("teams/<str:slug>/files/", views.team_files, name="list"),
    path("teams/<str:slug>/files/upload/", views.upload, name="upload"),
    path("teams/<str:slug>/files/<int:pk>/download/", views.download, name="download"),
    path("teams/<str:slug>/files/<int:pk>/delete/", views.delete, name="delete"),
    path("files/signed/<str:token>/", views.serve_signed, name="serve"),
]
