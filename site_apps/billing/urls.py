from django.urls import path

from site_apps.billing import views, webhooks

app_name = "billing"

urlpatterns = [
    path("billing/stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
    path("billing/checkout/", views.checkout, name="checkout"),
    path("billing/success/", views.checkout_success, name="success"),
    path("billing/cancel/", views.checkout_cancel, name="cancel"),
    path("teams/<str:slug>/billing/", views.team_billing, name="team"),
    path("teams/<str:slug>/billing/portal/", views.customer_portal, name="portal"),
]
