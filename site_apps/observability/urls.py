from django.urls import URLPattern, path

from site_apps.observability import views, webhooks

app_name = "observability"

urlpatterns: list[URLPattern] = [
    path("health/live/", views.live, name="live"),
    path("health/ready/", views.ReadinessView.as_view(), name="ready"),
    path("observability/sentry/webhook/", webhooks.sentry_webhook, name="sentry_webhook"),
]
