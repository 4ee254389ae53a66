"""Settings shared by every environment. Values from outside come through `env` only.

Django's and Wagtail's own settings live here; each integration's (Sentry, Stripe, email,
storage, the API, logging, SMS, AI) live in its own module under `cms/settings/integrations/`,
imported below by name. Importing settings only assigns them: Sentry is started by the entry
points (cms/wsgi.py, cms/asgi.py, manage.py), see `cms/settings/integrations/sentry.py`.
"""

from __future__ import annotations

from typing import Any

from django.utils.csp import CSP

from cms.settings.env import (
    BASE_DIR as BASE_DIR,  # a setting: re-exported for settings.BASE_DIR
    cache_config,
    env,
    env_hosts,
)
from cms.settings.integrations.ai import (  # settings, re-exported
    AI_API_KEY as AI_API_KEY,
    AI_BASE_URL as AI_BASE_URL,
    AI_ENABLED as AI_ENABLED,
    AI_MODEL as AI_MODEL,
    AI_MONTHLY_BUDGET as AI_MONTHLY_BUDGET,
    AI_PROVIDER as AI_PROVIDER,
    AI_RATE_PER_USER as AI_RATE_PER_USER,
    AI_TIMEOUT as AI_TIMEOUT,
    AI_VISION_MODEL as AI_VISION_MODEL,
)
from cms.settings.integrations.api import (  # settings, re-exported
    API_DEPRECATED_VERSIONS as API_DEPRECATED_VERSIONS,
    API_RATE_ANON as API_RATE_ANON,
    API_RATE_KEY as API_RATE_KEY,
    API_RATE_USER as API_RATE_USER,
    API_THROTTLE_RATES as API_THROTTLE_RATES,
    API_USAGE_CACHE_SECONDS as API_USAGE_CACHE_SECONDS,
    API_USAGE_FLUSH_SECONDS as API_USAGE_FLUSH_SECONDS,
    REST_FRAMEWORK as REST_FRAMEWORK,
    SIMPLE_JWT as SIMPLE_JWT,
    SPECTACULAR_SETTINGS as SPECTACULAR_SETTINGS,
)
from cms.settings.integrations.email import (  # settings, re-exported
    DEFAULT_FROM_EMAIL as DEFAULT_FROM_EMAIL,
    EMAIL_URL as EMAIL_URL,
    LOOPS_API_KEY as LOOPS_API_KEY,
    MAILERS as MAILERS,
    SERVER_EMAIL as SERVER_EMAIL,
)
from cms.settings.integrations.logging import (  # settings, re-exported
    DJANGO_STRUCTLOG_IP_LOGGING_ENABLED as DJANGO_STRUCTLOG_IP_LOGGING_ENABLED,
    DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID as DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID,
    HEALTH_CHECK_TIMEOUT as HEALTH_CHECK_TIMEOUT,
    LOG_CATEGORY_LEVELS as LOG_CATEGORY_LEVELS,
    LOG_FORMAT as LOG_FORMAT,
    LOG_LEVEL as LOG_LEVEL,
    LOGGING as LOGGING,
)
from cms.settings.integrations.providers import PROVIDER_TIMEOUT as PROVIDER_TIMEOUT
from cms.settings.integrations.sentry import (  # settings, re-exported
    SENTRY_CLIENT_SECRET as SENTRY_CLIENT_SECRET,
    SENTRY_DSN as SENTRY_DSN,
    SENTRY_ENVIRONMENT as SENTRY_ENVIRONMENT,
    SENTRY_PROFILES_SAMPLE_RATE as SENTRY_PROFILES_SAMPLE_RATE,
    SENTRY_RELEASE as SENTRY_RELEASE,
    SENTRY_SEND_USER_EMAIL as SENTRY_SEND_USER_EMAIL,
    SENTRY_TRACES_SAMPLE_RATE as SENTRY_TRACES_SAMPLE_RATE,
    SENTRY_WEBHOOK_TOLERANCE_SECONDS as SENTRY_WEBHOOK_TOLERANCE_SECONDS,
)
from cms.settings.integrations.sms import (  # settings, re-exported
    SMS_ALLOWED_COUNTRIES as SMS_ALLOWED_COUNTRIES,
    SMS_BACKEND as SMS_BACKEND,
    SMS_BACKEND_NAME as SMS_BACKEND_NAME,
    SMS_BACKENDS as SMS_BACKENDS,
    SMS_BLOCKED_PREFIXES as SMS_BLOCKED_PREFIXES,
    SMS_CODE_LENGTH as SMS_CODE_LENGTH,
    SMS_CODE_TTL_SECONDS as SMS_CODE_TTL_SECONDS,
    SMS_LIMIT_PER_IP as SMS_LIMIT_PER_IP,
    SMS_LIMIT_PER_NUMBER as SMS_LIMIT_PER_NUMBER,
    SMS_LIMIT_PER_USER as SMS_LIMIT_PER_USER,
    SMS_LOCKOUT_SECONDS as SMS_LOCKOUT_SECONDS,
    SMS_MAX_WRONG_CODES as SMS_MAX_WRONG_CODES,
    SMS_REGION_BY_LANGUAGE as SMS_REGION_BY_LANGUAGE,
    SMS_RESEND_SECONDS as SMS_RESEND_SECONDS,
    TWILIO_ACCOUNT_SID as TWILIO_ACCOUNT_SID,
    TWILIO_API_BASE as TWILIO_API_BASE,
    TWILIO_AUTH_TOKEN as TWILIO_AUTH_TOKEN,
    TWILIO_FROM_NUMBER as TWILIO_FROM_NUMBER,
    TWILIO_MESSAGING_SERVICE_SID as TWILIO_MESSAGING_SERVICE_SID,
    TWILIO_TIMEOUT as TWILIO_TIMEOUT,
)
from cms.settings.integrations.storage import (  # settings, re-exported
    AWS_S3_CUSTOM_DOMAIN as AWS_S3_CUSTOM_DOMAIN,
    AWS_STORAGE_BUCKET_NAME as AWS_STORAGE_BUCKET_NAME,
    DATA_UPLOAD_MAX_MEMORY_SIZE as DATA_UPLOAD_MAX_MEMORY_SIZE,
    MEDIA_ORIGINS as MEDIA_ORIGINS,
    MEDIA_ROOT as MEDIA_ROOT,
    MEDIA_URL as MEDIA_URL,
    SERVE_MEDIA as SERVE_MEDIA,
    STATIC_ROOT as STATIC_ROOT,
    STATIC_URL as STATIC_URL,
    STATICFILES_DIRS as STATICFILES_DIRS,
    STORAGES as STORAGES,
    UPLOADS_ROOT as UPLOADS_ROOT,
    UPLOADS_URL_EXPIRY as UPLOADS_URL_EXPIRY,
)
from cms.settings.integrations.stripe import (  # settings, re-exported
    BILLING_TRIAL_DAYS as BILLING_TRIAL_DAYS,
    STRIPE_API_BASE as STRIPE_API_BASE,
    STRIPE_EVENT_MAX_ATTEMPTS as STRIPE_EVENT_MAX_ATTEMPTS,
    STRIPE_SECRET_KEY as STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET as STRIPE_WEBHOOK_SECRET,
)
from cms.settings.site import SITE_NAME as SITE_NAME, SITE_URL as SITE_URL

# --- Core -----------------------------------------------------------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="")
# Old keys still accepted for signatures (sessions, reset links) while a new one takes over.
SECRET_KEY_FALLBACKS: list[str] = env.list("SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env_hosts("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS: list[str] = env_hosts("CSRF_TRUSTED_ORIGINS", default=[])
# Cached pages carry no token: a post that only lacked one gets its form back to send again.
CSRF_FAILURE_VIEW = "cms.pages.views.csrf_failure"

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
ASGI_APPLICATION = "cms.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Applications ---------------------------------------------------------------------------
CMS_APPS = [
    "cms.home",
    "cms.theme",
    "cms.blocks",
    "cms.seo",
    "cms.i18n",
    "cms.navigation",
    "cms.pages",
    "cms.blog",
    "cms.pricing",
]
SITE_APPS = [
    "site_apps.common",
    "site_apps.security",
    "site_apps.accounts",
    "site_apps.observability",
    "site_apps.teams",
    "site_apps.api",
    "site_apps.uploads",
    "site_apps.billing",
    "site_apps.ai",
    "site_apps.experiments",
    "site_apps.sms",
]
WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales: locales with sync settings
    "wagtail_ab_testing",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]
THIRD_PARTY_APPS = [
    "django_htmx",
    "js_lib_htmx",
    "tailwind",
    "django_tasks_db",
    "django_structlog",
    "health_check",
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework_api_key",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "phonenumber_field",
]
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]
INSTALLED_APPS = CMS_APPS + SITE_APPS + WAGTAIL_APPS + THIRD_PARTY_APPS + DJANGO_APPS

if AI_ENABLED:
    # wagtail-ai's editor controls; every one of its model calls goes through site_apps.ai.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail_localize"), "wagtail_ai")

MIDDLEWARE = [
    "site_apps.observability.request_context.RequestIdMiddleware",
    # The closing request line, with the status every middleware below settled on
    # (site_apps/observability/request_log.py); RequestLogMiddleware, further down, opens it.
    "site_apps.observability.request_log.RequestFinishedMiddleware",
    # Oversized bodies (413) and NUL characters (400) are refused before anything reads them.
    "site_apps.security.middleware.RequestGuardMiddleware",
    # Platform health probes ask by IP address: let them past ALLOWED_HOSTS on /health/ only.
    "site_apps.observability.probe.ProbeHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Campaign and click-id parameters (utm_*, gclid...) off the query: pages and the cache
    # never see them; the browser's analytics read them from the address bar.
    "cms.page_cache.TrackingParametersMiddleware",
    # Anonymous visitors' public pages, as the stack below last finished them (cms/page_cache.py).
    "cms.page_cache.PageCacheFrontMiddleware",
    # gzip for pages and JSON that hold no secret (BREACH), after WhiteNoise's own static files.
    "cms.compression.GZipWithoutSecretsMiddleware",
    # ETag on every GET answer without one (API reads included), and a 304 when it matches.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL prefix (/es/, /fr/, /ar/; English has none).
    "django.middleware.locale.LocaleMiddleware",
    # Django's, but /api/ answers a missing slash itself (site_apps/api/middleware.py).
    "site_apps.api.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request_started, and the request's log context: user, team (after authentication).
    "site_apps.observability.request_log.RequestLogMiddleware",
    # Anonymous visitors' public pages from the cache (docs/performance.md).
    "cms.page_cache.PageCacheMiddleware",
    # An anonymous visitor's page links the rules it can use (cms/theme/page_css.py).
    "cms.theme.middleware.PageStylesheetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Django's, plus the hash of the CSS each page carries (cms/theme/stylesheet.py).
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "cms.middleware.AdminContentSecurityPolicyMiddleware",
    "site_apps.api.middleware.ApiMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.i18n.middleware.LocalizedRouteMiddleware",
    # The site's own errors (site_apps/common/errors.py) that a page did not catch: a page
    # with their message and status, not a 500.
    "site_apps.common.middleware.ApplicationErrorMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.context_processors.site",
                "site_apps.teams.context_processors.teams",
                "cms.theme.context_processors.theme",
                "cms.navigation.context_processors.navigation",
            ],
        },
    }
]

# --- Data -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# Timeouts: a hung dependency must not hang a page; it answers within about 3 s, from a cache
# miss or with a 503 and Retry-After (docs/security.md).
# PostgreSQL: seconds to connect (libpq's minimum is 2) and for one statement (0: no limit;
# give `migrate` and long maintenance their own, e.g. DATABASE_STATEMENT_TIMEOUT=0). The client
# gives up on an answer half a second after the statement timeout (cms/postgresql/base.py).
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=2)
DATABASE_STATEMENT_TIMEOUT = env.float("DATABASE_STATEMENT_TIMEOUT", default=2.0)
# After a connection or an answer timed out, a process leaves PostgreSQL alone this long: the
# requests meanwhile answer 503 at once instead of each waiting out the timeouts again.
DATABASE_RETRY_SECONDS = env.float("DATABASE_RETRY_SECONDS", default=5.0)


def postgres_timeouts(connect: int, statement: float) -> dict[str, Any]:
    """The engine and settings that bound every wait for PostgreSQL (cms/postgresql)."""
    options: dict[str, Any] = {"connect_timeout": max(2, connect)}
    if statement:
        options["options"] = f"-c statement_timeout={int(statement * 1000)}"
    return {
        "ENGINE": "cms.postgresql",
        "OPTIONS": options,
        "ANSWER_TIMEOUT": statement + 0.5 if statement else None,
        "HEALTH_CHECK_ANSWER_TIMEOUT": 0.5,
    }


if USING_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")
    DATABASES["default"] |= postgres_timeouts(DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT)
# A database outage answers 503 with this Retry-After (seconds): site_apps/security/views.py.
OUTAGE_RETRY_AFTER = 30

REDIS_URL = env.str("REDIS_URL", default="")
# Redis: seconds for one call, then this process leaves Redis alone for REDIS_RETRY_SECONDS.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.25)
REDIS_RETRY_SECONDS = env.float("REDIS_RETRY_SECONDS", default=5.0)
CACHES = cache_config(REDIS_URL, REDIS_TIMEOUT)
# Sessions live in the database and are cached: a stopped Redis slows logins, never loses them.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Background tasks (django.tasks) --------------------------------------------------------
# "immediate" runs tasks in-process (the embedded default); "database" queues them for
# `manage.py db_worker` (django-tasks-db). Wagtail's own index tasks use the same setting.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    # django-tasks-db's backend, queuing each task with its request's log context.
    "database": "site_apps.observability.task_context.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}

# --- Internationalization -------------------------------------------------------------------
# Four languages, one right-to-left (see docs/i18n.md for adding one). English is the default
# and its URLs carry no prefix; the others live under /es/, /fr/ and /ar/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ar", "العربية"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {
    # On PostgreSQL this picks Wagtail's PostgreSQL full-text backend; on SQLite, FTS5.
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
# Avatars are uploaded in the admin, never fetched from Gravatar (privacy, offline, strict CSP).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No calls home from the admin: the upgrade notice would be blocked by the CSP anyway.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"gif": "png", "bmp": "png", "tiff": "png"}
# <picture> offers AVIF renditions before WebP (about 30% smaller; Pillow encodes AVIF about
# ten times slower than WebP, once per rendition). False: WebP and the JPEG/PNG fallback only.
IMAGES_AVIF = env.bool("IMAGES_AVIF", default=True)
# Machine translation in the translation editor: "ai" (the AI gateway; the default when it is
# on), "dummy" (reverses words, for trying the workflow in development; production refuses
# it), "deepl" (needs DEEPL_AUTH_KEY) or "" (off).
MACHINE_TRANSLATOR = env.str("MACHINE_TRANSLATOR", default="ai" if AI_ENABLED else "")
DEEPL_AUTH_KEY = env.str("DEEPL_AUTH_KEY", default="")
# "Translate this page" makes drafts: a new translation (page, menu, footer, plan) is not live
# under /es/ until an editor has translated it and published it (wagtail-localize would copy
# the source's live status, putting an English copy live at once).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR: dict[str, Any]
if MACHINE_TRANSLATOR == "dummy":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "cms.i18n.machine_translation.ReversedWordsTranslator"
    }
elif MACHINE_TRANSLATOR == "ai" and AI_ENABLED:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "site_apps.ai.translator.GatewayTranslator"}
elif MACHINE_TRANSLATOR == "deepl":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": DEEPL_AUTH_KEY},
    }
# wagtail-ai: its admin views are replaced by site_apps.ai's, which call the model through the
# gateway; no backend or provider of its own is configured, so nothing can bypass the gateway.
WAGTAIL_AI: dict[str, Any] = {"BACKENDS": {}, "PROVIDERS": {}}
if AI_ENABLED:
    # The image form's title and alt text (description) get "Generate" buttons.
    WAGTAILIMAGES_IMAGE_FORM_BASE = "wagtail_ai.forms.DescribeImageForm"
    # Every rich-text editor gets the AI menu, the blocks' own feature lists included.
    WAGTAILADMIN_RICH_TEXT_EDITORS = {
        "default": {"WIDGET": "site_apps.ai.rich_text.DraftailWithAi"}
    }

# A/B tests of pages (wagtail-ab-testing, served by site_apps.experiments). Where consent is
# required, visitors are bucketed without any cookie (a daily-salted hash) until the consent
# cookie says "analytics"; then a first-party cookie keeps their version for AB_COOKIE_DAYS.
AB_REQUIRE_CONSENT = env.bool("AB_REQUIRE_CONSENT", default=True)
AB_CONSENT_COOKIE = env.str("AB_CONSENT_COOKIE", default="lumen_consent")
AB_CONSENT_VALUE = env.str("AB_CONSENT_VALUE", default="analytics")
AB_COOKIE_DAYS = env.int("AB_COOKIE_DAYS", default=180)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# --- Front end ------------------------------------------------------------------------------
TAILWIND_APP_NAME = "cms.theme"
TAILWIND_CSS_PATH = "css/site.css"
# Pages link the stylesheet, one request before the first paint (for an anonymous visitor the
# rules that page can use, cms/theme/page_css.py; for a signed-in one static/css/site.css); true
# writes the CSS into each page instead, allowed by its hash in the CSP, so nothing is fetched
# before the first paint (docs/performance.md, "The stylesheet: linked or in the page").
INLINE_STYLESHEET = env.bool("INLINE_STYLESHEET", default=False)


# A strict policy for the public site: every script and style comes from our own origin.
# The Wagtail admin gets its own, looser policy (see cms.middleware).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # Plus, per page, the hash of the CSS written into it (cms/theme/stylesheet.py).
    "style-src": [CSP.SELF],
    # Media from S3 or its CDN domain (presigned thumbnails, Wagtail images) when configured.
    "img-src": [CSP.SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Wagtail 8's admin still writes inline <script> elements (inline panels, the date and time
# choosers) and style attributes, so the admin, and only the admin (/admin/), keeps
# 'unsafe-inline'; every other page runs under SECURE_CSP (docs/security.md).
ADMIN_CSP = SECURE_CSP | {
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", "https:"],
    "frame-src": [CSP.SELF, "https:"],
}
# Swagger UI and Redoc (at /api/v1/docs/ and /api/v1/redoc/) run our own scripts only, but set
# inline styles and start a worker from a blob: URL.
API_DOCS_CSP = SECURE_CSP | {
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": [CSP.SELF, "blob:"],
}

# Browser features no page of the site uses are switched off for it and for anything it
# frames (django-permissions-policy sends the Permissions-Policy header).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Security defaults (tightened further in production) ------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True

# --- Accounts and teams (django-allauth; how mail is sent: integrations/email.py) -----------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_REDIRECT_URL = "teams:home"
# The Wagtail admin signs people in through the same (rate-limited) allauth login, by way of
# a page that tells a signed-in account without access so (site_apps/accounts/views.py).
WAGTAILADMIN_LOGIN_URL = "accounts:editors_only"
ACCOUNT_ADAPTER = "site_apps.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
# Signing out goes to the home page in the reader's language (AccountAdapter's
# get_logout_redirect_url).
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
# Counted in the cache (Redis in production). allauth's defaults, spelled out to be seen:
# failed logins 10 a minute per IP and 5 per 5 minutes per email address.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Invitations to join a team are valid this long.
TEAM_INVITATION_DAYS = env.int("TEAM_INVITATION_DAYS", default=7)
# Sign-up asks for a phone number and verifies it by SMS (allauth's phone support) when on.
ACCOUNT_PHONE_VERIFICATION = env.bool("ACCOUNT_PHONE_VERIFICATION", default=False)
if ACCOUNT_PHONE_VERIFICATION:
    ACCOUNT_SIGNUP_FIELDS = ["email*", "phone*", "password1*", "password2*"]
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = SMS_MAX_WRONG_CODES
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = SMS_CODE_TTL_SECONDS
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
# allauth checks the code with our form, against the hash we keep (never the session's copy).
ACCOUNT_FORMS = {"verify_phone": "site_apps.sms.allauth.VerifyPhoneForm"}

# --- Marketing site (pages, blocks, themes, SEO) --------------------------------------------
# Navigation, footer, theme and blog filter lists are cached for this long, and dropped at once
# when an editor changes them (see cms/navigation/selectors.py).
SITE_CONTENT_CACHE_SECONDS = 60 * 60
# The anonymous full-page cache (cms/page_cache.py, docs/performance.md): pages kept this long
# (a content change retires them at once), and what browsers and shared caches (a CDN) are told.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 * 60)
PAGE_CACHE_BROWSER_SECONDS = env.int("PAGE_CACHE_BROWSER_SECONDS", default=60)
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=60)
# A CDN in front (off by default): Wagtail's frontend cache purges a page from it when the page
# is published or unpublished. "cloudflare" (CLOUDFLARE_BEARER_TOKEN, CLOUDFLARE_ZONE_ID) or
# "cloudfront" (CLOUDFRONT_DISTRIBUTION_ID, with the AWS_* credentials). With purging on, the
# CDN may keep pages longer; snippet and setting changes are not purged, so they show within
# PAGE_CACHE_SHARED_SECONDS (docs/performance.md).
FRONTEND_CACHE = env.str("FRONTEND_CACHE", default="").strip().lower()
WAGTAILFRONTENDCACHE: dict[str, dict[str, Any]] = {}
if FRONTEND_CACHE == "cloudflare":
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env.str("CLOUDFLARE_BEARER_TOKEN", default=""),
        "ZONEID": env.str("CLOUDFLARE_ZONE_ID", default=""),
    }
elif FRONTEND_CACHE == "cloudfront":
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env.str("CLOUDFRONT_DISTRIBUTION_ID", default=""),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
PAGE_CACHE_SHARED_SECONDS = env.int(
    "PAGE_CACHE_SHARED_SECONDS", default=300 if WAGTAILFRONTENDCACHE else 60
)
# The public forms' limits, (submissions, per seconds), per client IP and per email address
# (site_apps/security/limits.py; a contact form sent back with errors, or a mistyped
# newsletter address, does not count); a contact message is at most
# CONTACT_MESSAGE_MAX_LENGTH characters.
FORM_LIMITS = {
    "contact": {"ip": (5, 10 * 60), "address": (3, 60 * 60)},
    "newsletter": {"ip": (10, 60 * 60), "address": (3, 60 * 60)},
}
CONTACT_MESSAGE_MAX_LENGTH = 5000
