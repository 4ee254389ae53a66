from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # /health/live/, /health/ready/ and /observability/sentry/webhook/
    path("", include("site_apps.observability.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving is the catch-all, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
