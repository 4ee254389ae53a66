"""The billing pages, included under the language prefix (/es/billing/..., /ar/teams/<slug>/
billing/). Stripe's webhook is not here: it keeps its one unprefixed URL in cms/urls.py."""

from django.urls import path

from site_apps.billing import views

app_name = "billing"

urlpatterns = [
    path("billing/checkout/", views.checkout, name="checkout"),
    path("billing/success/", views.checkout_success, name="success"),
    path("billing/cancel/", views.checkout_cancel, name="cancel"),
    path("teams/<str:slug>/billing/", views.team_billing, name="team"),
    path("teams/<str:slug>/billing/portal/", views.customer_portal, name="portal"),
]
