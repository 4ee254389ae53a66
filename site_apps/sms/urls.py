"""The phone section's addresses, under /accounts/phone/ (in every language). Twilio's status
callback, /sms/twilio/status/, is unprefixed: see cms/urls.py."""

from django.urls import path
from django.views.generic import RedirectView

from site_apps.sms import views

app_name = "sms"

urlpatterns = [
    path("", views.phone, name="phone"),
    path("code/", views.request_code, name="request_code"),
    path("resend/", views.resend_code, name="resend"),
    path("confirm/", views.confirm_code, name="confirm"),
    path("cancel/", views.cancel, name="cancel"),
    path("remove/", views.remove, name="remove"),
]

# allauth's phone pages (with ACCOUNT_PHONE_VERIFICATION): its sign-up step stays, its own
# "change phone" page leads to ours. Included before allauth's URLs, so these win.
allauth_overrides = [
    path("phone/verify/", views.allauth_verify_phone, name="account_verify_phone"),
    path(
        "phone/change/",
        RedirectView.as_view(pattern_name="sms:phone"),
        name="account_change_phone",
    ),
]
