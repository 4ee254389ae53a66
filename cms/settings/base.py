"""Settings shared by every environment. Values from outside come through `env` only."""

from __future__ import annotations

from typing import Any

from django.utils.csp import CSP

from cms.settings.env import BASE_DIR, cache_config, env
from cms.theme.inline import INLINE_SCRIPT, csp_hash
from site_apps.observability.gateway import start_sentry
from site_apps.observability.logging_config import build_logging_config

# --- Core -----------------------------------------------------------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="")
# Old keys still accepted for signatures (sessions, reset links) while a new one takes over.
SECRET_KEY_FALLBACKS: list[str] = env.list("SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Cached pages carry no token: a post that only lacked one gets its form back to send again.
CSRF_FAILURE_VIEW = "cms.pages.views.csrf_failure"
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Lumen")

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

# --- AI model gateway (site_apps/ai, docs/ai-and-experiments.md) -----------------------------
# Off while AI_PROVIDER is empty: no AI button, setting or menu appears anywhere. "openai" means
# any server speaking OpenAI's chat-completions API (OpenAI, Azure, Mistral, Groq, OpenRouter,
# Ollama, vLLM...) at AI_BASE_URL; "fake" is the built-in deterministic fake (development and
# tests; production refuses it). Development defaults to "fake" (cms/settings/dev.py).
AI_PROVIDER = env.str("AI_PROVIDER", default="")
AI_BASE_URL = env.str("AI_BASE_URL", default="https://api.openai.com/v1").rstrip("/")
AI_API_KEY = env.str("AI_API_KEY", default="")
AI_MODEL = env.str("AI_MODEL", default="gpt-4o-mini")
AI_VISION_MODEL = env.str("AI_VISION_MODEL", default="") or AI_MODEL
# Seconds one model call may take before the editor is told the provider did not answer.
AI_TIMEOUT = env.float("AI_TIMEOUT", default=20.0)
# Model calls one person may make per window ("N/min", "N/hour", "N/day"), and per site and
# calendar month (the default of the per-site setting "monthly call budget").
AI_RATE_PER_USER = env.str("AI_RATE_PER_USER", default="30/min")
AI_MONTHLY_BUDGET = env.int("AI_MONTHLY_BUDGET", default=2000)
AI_ENABLED = AI_PROVIDER in ("openai", "fake")
if AI_ENABLED:
    # wagtail-ai's editor controls; every one of its model calls goes through site_apps.ai.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail_localize"), "wagtail_ai")

MIDDLEWARE = [
    "site_apps.observability.request_context.RequestIdMiddleware",
    # Oversized bodies (413) and NUL characters (400) are refused before anything reads them.
    "site_apps.security.middleware.RequestGuardMiddleware",
    # Platform health probes ask by IP address: let them past ALLOWED_HOSTS on /health/ only.
    "site_apps.observability.probe.ProbeHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for pages and JSON that hold no secret (BREACH), after WhiteNoise's own static files.
    "cms.compression.GZipWithoutSecretsMiddleware",
    # ETag on every GET answer without one (API reads included), and a 304 when it matches.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL prefix (/es/, /fr/, /ar/; English has none).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    # Anonymous visitors' public pages from the cache (docs/performance.md).
    "cms.page_cache.PageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
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

# HTTP providers (Stripe, Loops, S3): seconds to connect, then to wait for each answer.
# Calls made during a request try once (Stripe's idempotency keys make a second press safe), so
# a hung provider costs a page at most their sum. Twilio's gateway (site_apps/sms) connects
# within the first and waits TWILIO_TIMEOUT (by default the second) for each answer, one try.
PROVIDER_TIMEOUT = (
    env.float("PROVIDER_CONNECT_TIMEOUT", default=1.0),
    env.float("PROVIDER_READ_TIMEOUT", default=2.0),
)

# --- Email (Django 6.1 MAILERS) -------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <hello@example.com>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_URL = env.str("EMAIL_URL", default="")


def _smtp_mailer(url: str) -> dict:
    parsed = env.email_url_config(url)
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parsed["EMAIL_HOST"],
            "port": parsed["EMAIL_PORT"],
            "username": parsed["EMAIL_HOST_USER"],
            "password": parsed["EMAIL_HOST_PASSWORD"],
            "use_tls": parsed.get("EMAIL_USE_TLS", False),
            "use_ssl": parsed.get("EMAIL_USE_SSL", False),
            "timeout": sum(PROVIDER_TIMEOUT),
        },
    }


MAILERS = {
    "default": _smtp_mailer(EMAIL_URL)
    if EMAIL_URL
    else {"BACKEND": "site_apps.mail.console.ReadableConsoleEmailBackend"}
}

# --- Static files and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")


def s3_client_config(timeout: tuple[float, float]) -> Any:
    """botocore's settings for S3: the provider timeouts, one attempt (no hidden retries)."""
    from botocore.config import Config

    return Config(
        connect_timeout=timeout[0],
        read_timeout=timeout[1],
        # SigV4: what every AWS region, R2 and MinIO accept for presigned links.
        signature_version="s3v4",
        retries={"mode": "standard", "total_max_attempts": 1},
    )


# Teams' private files (site_apps/uploads): never under MEDIA_ROOT, so nothing serves them
# without the permission check; a signed, short-lived link (a presigned URL on S3) does.
UPLOADS_ROOT = env.path("UPLOADS_ROOT", default=str(BASE_DIR / "var" / "uploads"))
# Seconds a download or thumbnail link stays valid (docs/uploads.md).
UPLOADS_URL_EXPIRY = env.int("UPLOADS_URL_EXPIRY", default=300)
AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="")

STORAGES: dict[str, dict[str, Any]] = {
    # Public media: Wagtail images, renditions and documents.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": UPLOADS_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    _s3_options: dict[str, Any] = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "default_acl": None,
        "file_overwrite": False,
        "client_config": s3_client_config(PROVIDER_TIMEOUT),
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _s3_options
        | {
            "location": env.str("AWS_MEDIA_LOCATION", default="media"),
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            # "http:" for a custom domain without TLS (compose's local MinIO behind Caddy).
            "url_protocol": env.str("AWS_S3_URL_PROTOCOL", default="https:"),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
        },
    }
    # Private uploads: another prefix of the same bucket, never behind the CDN domain, every
    # URL presigned and short-lived.
    STORAGES["uploads"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _s3_options
        | {
            "location": env.str("AWS_UPLOADS_LOCATION", default="uploads"),
            "querystring_auth": True,
            "querystring_expire": UPLOADS_URL_EXPIRY,
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

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


# A strict policy for the public site: every script and style comes from our own origin.
# The Wagtail admin gets its own, looser policy (see cms.middleware).
def _media_origins() -> list[str]:
    """Where pages may load images from besides our own origin: the CDN domain and the S3
    endpoint (or AWS's regional host) that presigned links point at."""
    if not AWS_STORAGE_BUCKET_NAME:
        return []
    origins = []
    if AWS_S3_CUSTOM_DOMAIN:
        protocol = env.str("AWS_S3_URL_PROTOCOL", default="https:")
        origins.append(f"{protocol}//{AWS_S3_CUSTOM_DOMAIN}")
    endpoint = env.str("AWS_S3_ENDPOINT_URL", default="")
    if endpoint:
        origins.append(endpoint.rstrip("/"))
    else:
        origins.append("https://*.amazonaws.com")
    return origins


MEDIA_ORIGINS = _media_origins()

SECURE_CSP = {
    "default-src": [CSP.SELF],
    # base.html writes the theme script inline: allowed by its hash, no other inline script.
    "script-src": [CSP.SELF, csp_hash(INLINE_SCRIPT)],
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

# --- Observability: logs, request ids, health checks, Sentry -----------------------------
# One logging configuration (site_apps/observability/logging_config.py): JSON lines in
# production, colour in development; a level per category, e.g. LOG_LEVEL_BILLING=DEBUG.
LOG_FORMAT = env.str("LOG_FORMAT", default="console")  # production.py defaults it to json
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_CATEGORY_LEVELS = {
    "cms": env.str("LOG_LEVEL_CMS", default=""),
    "accounts": env.str("LOG_LEVEL_ACCOUNTS", default=""),
    "teams": env.str("LOG_LEVEL_TEAMS", default=""),
    "api": env.str("LOG_LEVEL_API", default=""),
    "billing": env.str("LOG_LEVEL_BILLING", default=""),
    "sms": env.str("LOG_LEVEL_SMS", default=""),
    "ai": env.str("LOG_LEVEL_AI", default=""),
    "experiments": env.str("LOG_LEVEL_EXPERIMENTS", default=""),
    "security": env.str("LOG_LEVEL_SECURITY", default=""),
    "requests": env.str("LOG_LEVEL_REQUESTS", default=""),
    "tasks": env.str("LOG_LEVEL_TASKS", default=""),
    "observability": env.str("LOG_LEVEL_OBSERVABILITY", default=""),
    "database": env.str("LOG_LEVEL_DATABASE", default=""),
}
LOGGING = build_logging_config(root_level=LOG_LEVEL, category_levels=LOG_CATEGORY_LEVELS)
# Request ids: RequestIdMiddleware puts only a checked X-Request-ID in the header that
# django-structlog reads. Client IP addresses are personal data: logged only when enabled.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = env.bool("LOG_CLIENT_IP", default=False)

# /health/ready/ gives each dependency this many seconds before calling it down.
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=3.0)

# Sentry: on only when SENTRY_DSN is set (site_apps/observability/gateway.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_SEND_USER_EMAIL = env.bool("SENTRY_SEND_USER_EMAIL", default=False)
# The internal integration's client secret, which signs its webhooks to us.
SENTRY_CLIENT_SECRET = env.str("SENTRY_CLIENT_SECRET", default="")
# Its deliveries must be sent within this many seconds of arriving (None: any time).
SENTRY_WEBHOOK_TOLERANCE_SECONDS: int | None = 300
start_sentry(
    dsn=SENTRY_DSN,
    environment=env.str("SENTRY_ENVIRONMENT", default="production"),
    release=env.str("SENTRY_RELEASE", default="") or None,
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    profiles_sample_rate=env.float("SENTRY_PROFILES_SAMPLE_RATE", default=0.0),
    send_user_email=SENTRY_SEND_USER_EMAIL,
)

# --- Accounts and teams (django-allauth; email through Loops when configured) ---------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_REDIRECT_URL = "teams:home"
# The Wagtail admin signs people in through the same (rate-limited) allauth login.
WAGTAILADMIN_LOGIN_URL = "account_login"
ACCOUNT_ADAPTER = "site_apps.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
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

# Loops (loops.so) sends the site's email when its key is set; see docs/accounts-and-teams.md.
LOOPS_API_KEY = env.str("LOOPS_API_KEY", default="")
if LOOPS_API_KEY:
    MAILERS = {
        "default": {
            "BACKEND": "site_apps.mail.backends.LoopsEmailBackend",
            "OPTIONS": {
                "api_key": LOOPS_API_KEY,
                "transactional_id": env.str("LOOPS_TRANSACTIONAL_ID", default=""),
                "api_url": env.str("LOOPS_API_URL", default="https://app.loops.so/api/v1"),
                "timeout": PROVIDER_TIMEOUT,
                "attempts": 1,
            },
        }
    }

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
# Serve uploaded media from Django itself when there is no S3 and no web server in front for
# them (small installs, and production-like local runs such as `make lighthouse`).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)

# The public forms' limits, (submissions, per seconds), per client IP and per email address
# (site_apps/security/limits.py); a contact message is at most CONTACT_MESSAGE_MAX_LENGTH
# characters.
FORM_LIMITS = {
    "contact": {"ip": (5, 10 * 60), "address": (3, 60 * 60)},
    "newsletter": {"ip": (10, 60 * 60), "address": (3, 60 * 60)},
}
CONTACT_MESSAGE_MAX_LENGTH = 5000

# --- REST API (site_apps/api; see docs/api.md) ------------------------------------------------
from site_apps.api.conf import *

API_RATE_ANON = env.str("API_RATE_ANON", default="60/min")
API_RATE_USER = env.str("API_RATE_USER", default="600/min")
API_RATE_KEY = env.str("API_RATE_KEY", default="1200/min")
API_THROTTLE_RATES = API_THROTTLE_RATES | {
    "anon": API_RATE_ANON,
    "user": API_RATE_USER,
    "key": API_RATE_KEY,
}
# Queue the usage flush at most this often (0: never; run `manage.py flush_api_usage` instead).
API_USAGE_FLUSH_SECONDS = env.int("API_USAGE_FLUSH_SECONDS", default=300)
REST_FRAMEWORK["NUM_PROXIES"] = env.int("API_NUM_PROXIES", default=0)
# Swagger UI and Redoc (at /api/v1/docs/ and /api/v1/redoc/) run our own scripts only, but set
# inline styles and start a worker from a blob: URL.
API_DOCS_CSP = SECURE_CSP | {
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": [CSP.SELF, "blob:"],
}
# Stripe billing (site_apps/billing, docs/billing.md): off while STRIPE_SECRET_KEY is empty, and
# the pricing page then says payments are not configured. STRIPE_API_BASE points the SDK at
# another server (the tests' local fake); empty means Stripe's own https://api.stripe.com.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="").rstrip("/")

# --- SMS: phone verification and delivery tracking (site_apps/sms, docs/sms.md) ---------------
# Which backend sends text messages: "console" (prints them: the development default), "twilio"
# (Twilio Programmable Messaging, configured by TWILIO_*), "disabled" (the account page says SMS
# is not set up), "locmem" (tests: an outbox), or the dotted path of a backend class.
SMS_BACKENDS = {
    "console": "site_apps.sms.backends.ConsoleBackend",
    "locmem": "site_apps.sms.backends.LocmemBackend",
    "twilio": "site_apps.sms.backends.TwilioBackend",
    "disabled": "site_apps.sms.backends.DisabledBackend",
}
SMS_BACKEND_NAME = env.str("SMS_BACKEND", default="console")
SMS_BACKEND = SMS_BACKENDS.get(SMS_BACKEND_NAME, SMS_BACKEND_NAME)
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
# The sender: a Twilio phone number (E.164) or alphanumeric sender id, or a Messaging Service.
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="")
TWILIO_MESSAGING_SERVICE_SID = env.str("TWILIO_MESSAGING_SERVICE_SID", default="")
# Seconds the SDK waits for Twilio's answer before the message is marked failed ("timeout");
# connecting waits PROVIDER_CONNECT_TIMEOUT. By default PROVIDER_READ_TIMEOUT: with in-process
# tasks (TASKS_BACKEND=immediate) the send runs within the request. With a db_worker sending,
# a longer wait (say 10) spares a slow Twilio's messages from being marked failed.
TWILIO_TIMEOUT = env.float("TWILIO_TIMEOUT", default=PROVIDER_TIMEOUT[1])
# Another address for Twilio's REST API; only tests (a local fake Twilio) set it.
TWILIO_API_BASE = env.str("TWILIO_API_BASE", default="").rstrip("/")
# Numbers starting with these calling-code prefixes are refused (SMS pumping and toll fraud
# favour satellite, international-network and premium ranges); premium-rate and shared-cost
# numbers are refused wherever they are.
SMS_BLOCKED_PREFIXES: list[str] = env.list(
    "SMS_BLOCKED_PREFIXES", default=["+870", "+878", "+881", "+882", "+883", "+888", "+979"]
)
# ISO 3166 country codes numbers may belong to (e.g. "US,CA,GB,FR"); empty: every country.
SMS_ALLOWED_COUNTRIES: list[str] = [
    code.upper() for code in env.list("SMS_ALLOWED_COUNTRIES", default=[])
]
# The country a number typed without its +country code belongs to, by the visitor's language.
SMS_REGION_BY_LANGUAGE = {"en": "US", "es": "ES", "fr": "FR", "ar": "SA"}
# Codes and limits. Counted from the database (messages and verifications in a window), so they
# hold without Redis. Windows are (count, seconds).
SMS_CODE_LENGTH = 6
SMS_CODE_TTL_SECONDS = 10 * 60
SMS_MAX_WRONG_CODES = 5
SMS_LOCKOUT_SECONDS = 60 * 60
SMS_RESEND_SECONDS = 60
SMS_LIMIT_PER_NUMBER = (5, 60 * 60)
SMS_LIMIT_PER_USER = (10, 24 * 60 * 60)
SMS_LIMIT_PER_IP = (10, 60 * 60)
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
# A webhook event whose processing fails is tried again with a growing pause (30 s, 1 min,
# 2 min... at most an hour) this many times in all (site_apps/billing/tasks.py).
STRIPE_EVENT_MAX_ATTEMPTS = 8
