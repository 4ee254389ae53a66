from django.urls import path

from site_apps.accounts import views

app_name = "accounts"

urlpatterns = [
    # allauth's sign-in, saying 429 and Retry-After when failed tries lock the address out.
    path("login/", views.SignInView.as_view(), name="login"),
    # allauth's, with a label on its one field (the name allauth reverses stays its own).
    path("reauthenticate/code/", views.RequestReauthenticationCodeView.as_view()),
    path("profile/", views.profile, name="profile"),
    path("delete/", views.delete_account, name="delete"),
    path("editors-only/", views.editors_only, name="editors_only"),
]
