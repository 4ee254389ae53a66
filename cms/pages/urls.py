from django.urls import path

from cms.pages.views import csrf_token_view, newsletter_signup

urlpatterns = [
    path("newsletter/", newsletter_signup, name="newsletter_signup"),
    path("csrf/", csrf_token_view, name="csrf_token"),
]
