from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.blocks.views import styleguide
from cms.seo.sitemap import LocalizedSitemap
from cms.seo.views import favicon, robots_txt, web_manifest
from cms.theme.views import later_stylesheet, page_stylesheet
from site_apps.billing import webhooks as billing_webhooks
from site_apps.sms import urls as sms_urls, webhooks as sms_webhooks


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """An uploaded file (SERVE_MEDIA), with a year's cache life for image renditions: Wagtail
    names a rendition after its source file, filter and focal point, and a replaced source file
    gets a new name, so a rendition's URL never shows other content (Lighthouse's cache insight
    wants at least 30 days). Originals and documents may be replaced under their name: a day."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith("images/"):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=86400"
    return response


# A database outage answers 503 with Retry-After; other errors keep the 500 page.
handler500 = "site_apps.security.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    # One sign-in for everyone (allauth's, rate-limited): the admin's own login page sends there.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # /health/live/, /health/ready/ and /observability/sentry/webhook/
    path("", include("site_apps.observability.urls")),
    path("api/<str:version>/", include("cms.api_router")),
    # Stripe's webhook; the billing pages themselves are language-prefixed below.
    path("billing/stripe/webhook/", billing_webhooks.stripe_webhook, name="stripe_webhook"),
    # /ab/seen/ and /ab/goal/: the A/B test page script's beacons
    path("", include("site_apps.experiments.urls")),
    # Twilio's delivery reports for each text message (docs/sms.md)
    path("sms/twilio/status/", sms_webhooks.twilio_status, name="sms_twilio_status"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("manifest.webmanifest", web_manifest, name="web_manifest"),
    path("theme/later-<slug:digest>.css", later_stylesheet, name="later_stylesheet"),
    re_path(
        r"^theme/css/(?P<build>[0-9a-f]{12})\.(?P<key>[\w-]+)\.(?P<signature>[\w-]+)\.css$",
        page_stylesheet,
        name="page_stylesheet",
    ),
]

# What visitors read is prefixed by language: /es/..., /fr/..., /ar/...; English, the default,
# has no prefix (docs/i18n.md). The admin, APIs, health checks, webhooks (Stripe, Twilio),
# sitemap and robots.txt above stay unprefixed.
urlpatterns += i18n_patterns(
    path("accounts/", include("site_apps.accounts.urls")),
    path("accounts/phone/", include("site_apps.sms.urls")),
    path("accounts/", include(sms_urls.allauth_overrides)),
    path("accounts/", include("allauth.urls")),
    path("teams/", include("site_apps.teams.urls")),
    # /billing/... (checkout, success, cancel) and /teams/<slug>/billing/
    path("", include("site_apps.billing.urls")),
    path("teams/", include("site_apps.api.dashboard_urls")),
    # /teams/<slug>/files/... and the signed links of private files
    path("", include("site_apps.uploads.urls")),
    path("styleguide/", styleguide, name="styleguide"),
    path("", include("cms.pages.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media)]

# Development only (cms/settings/dev.py): the page reloads itself when a template, the CSS or
# the code changes (django-browser-reload's event stream).
if "django_browser_reload" in settings.INSTALLED_APPS:
    urlpatterns += [path("__reload__/", include("django_browser_reload.urls"))]

# Wagtail's page serving is the catch-all, so it comes last.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
