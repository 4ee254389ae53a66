from django.urls import path

from cms.pages.views import newsletter_signup

urlpatterns = [path("newsletter/", newsletter_signup, name="newsletter_signup")]
