from django.urls import path

from site_apps.experiments import views

app_name = "experiments"
urlpatterns = [
    path("ab/seen/", views.seen, name="seen"),
    path("ab/goal/", views.goal, name="goal"),
]
