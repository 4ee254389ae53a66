"""Production: every required variable must be set and well-formed, or start-up stops naming
all of them. Nothing here has a development default.
"""

from pathlib import Path

from cms.settings.env import BASE_DIR, EnvCheck, env

_check = EnvCheck()
_check.require("SECRET_KEY", why="a long random string that signs sessions and tokens")
_secret = env.str("SECRET_KEY", default="")
_check.check(
    "SECRET_KEY",
    not _secret or (len(_secret) >= 50 and len(set(_secret)) >= 5),
    "use 50 or more random characters: python -c "
    "'import secrets; print(secrets.token_urlsafe(50))'",
)
_check.require_hosts("ALLOWED_HOSTS", why="comma-separated host names this site answers to")
_check.require_url(
    "DATABASE_URL",
    schemes=("postgres", "postgresql", "pgsql"),
    why="the PostgreSQL database",
    path="database name",
    host=False,  # postgres:///lumen: the local server's socket
)
_check.require_url(
    "REDIS_URL", schemes=("redis", "rediss"), why="cache, sessions and rate-limit counters"
)
_check.require_url("SITE_URL", schemes=("https",), why="the public https:// address of the site")
if env.str("LOOPS_API_KEY", default="").strip():
    _check.require(
        "LOOPS_TRANSACTIONAL_ID", why="the Loops transactional email that carries the site's mail"
    )
else:
    _check.require_url(
        "EMAIL_URL",
        schemes=("smtp", "smtps", "smtp+tls", "smtp+ssl"),
        why="outgoing mail over SMTP (or set LOOPS_API_KEY to send through Loops)",
    )
_check.typed("DATABASE_CONN_MAX_AGE", int, 0)
_check.typed("SECURE_HSTS_SECONDS", int, 0)
_check.optional_url("SENTRY_DSN", schemes=("https", "http"))
for _rate_name in ("SENTRY_TRACES_SAMPLE_RATE", "SENTRY_PROFILES_SAMPLE_RATE"):
    _rate = _check.typed(_rate_name, float, 0.0)
    _check.check(_rate_name, 0.0 <= _rate <= 1.0, "a share of requests from 0 to 1")
for _rate_name in ("API_RATE_ANON", "API_RATE_USER", "API_RATE_KEY"):
    _check.rate(_rate_name)
_check.typed("HEALTH_CHECK_TIMEOUT", float, 3.0)
_check.typed("DATABASE_CONNECT_TIMEOUT", int, 2)
for _seconds_name in (
    "DATABASE_STATEMENT_TIMEOUT",
    "DATABASE_RETRY_SECONDS",
    "REDIS_TIMEOUT",
    "REDIS_RETRY_SECONDS",
    "PROVIDER_CONNECT_TIMEOUT",
    "PROVIDER_READ_TIMEOUT",
):
    _check.typed(_seconds_name, float, 0.0)
_check.check(
    "LOG_FORMAT",
    env.str("LOG_FORMAT", default="json") in ("json", "console"),
    "json or console",
)
_check.check(
    "MACHINE_TRANSLATOR",
    env.str("MACHINE_TRANSLATOR", default="") in ("", "deepl", "ai"),
    "empty, deepl or ai (dummy reverses words: development only)",
)
_ai_provider = env.str("AI_PROVIDER", default="")
_check.check(
    "AI_PROVIDER",
    _ai_provider in ("", "openai"),
    "empty (AI off) or openai (any OpenAI-compatible API); the fake is for development only",
)
if _ai_provider == "openai":
    _check.require("AI_API_KEY", why="the model provider's API key, for AI_PROVIDER=openai")
    _check.optional_url("AI_BASE_URL", schemes=("https", "http"))
    _ai_timeout = _check.typed("AI_TIMEOUT", float, 20.0)
    _check.check("AI_TIMEOUT", 0 < _ai_timeout <= 120, "seconds, more than 0 and at most 120")
    _check.typed("AI_MONTHLY_BUDGET", int, 2000)
_frontend_cache = env.str("FRONTEND_CACHE", default="").strip().lower()
_check.check(
    "FRONTEND_CACHE",
    _frontend_cache in ("", "cloudflare", "cloudfront"),
    "empty (off), cloudflare or cloudfront",
)
if _frontend_cache == "cloudflare":
    _check.require("CLOUDFLARE_BEARER_TOKEN", why="a Cloudflare API token allowed to purge")
    _check.require("CLOUDFLARE_ZONE_ID", why="the Cloudflare zone of the site")
if _frontend_cache == "cloudfront":
    _check.require("CLOUDFRONT_DISTRIBUTION_ID", why="the CloudFront distribution in front")
if env.str("MACHINE_TRANSLATOR", default="") == "ai" and _ai_provider != "openai":
    _check.problems.append("MACHINE_TRANSLATOR is malformed: ai needs AI_PROVIDER=openai")
if env.str("MACHINE_TRANSLATOR", default="") == "deepl":
    _check.require("DEEPL_AUTH_KEY", why="DeepL's API key, for MACHINE_TRANSLATOR=deepl")
if env.str("STRIPE_SECRET_KEY", default="").strip():
    _check.require(
        "STRIPE_WEBHOOK_SECRET", why="the signing secret of the Stripe webhook endpoint (whsec_...)"
    )
_sms_backend = env.str("SMS_BACKEND", default="disabled").strip()
_check.check(
    "SMS_BACKEND",
    _sms_backend not in ("console", "locmem"),
    "console and locmem keep verification codes in the logs or in memory; use twilio, disabled "
    "or a backend class",
)
if _sms_backend == "twilio":
    _check.require("TWILIO_ACCOUNT_SID", why="the Twilio account that sends SMS (AC...)")
    _check.require(
        "TWILIO_AUTH_TOKEN", why="Twilio's auth token: it signs the API calls and status callbacks"
    )
    if not (
        env.str("TWILIO_FROM_NUMBER", default="").strip()
        or env.str("TWILIO_MESSAGING_SERVICE_SID", default="").strip()
    ):
        _check.require(
            "TWILIO_FROM_NUMBER",
            why="the sender of SMS (or set TWILIO_MESSAGING_SERVICE_SID, MG...)",
        )
_check.typed("TWILIO_TIMEOUT", float, 2.0)
# Render and Fly.io give each instance a disk of its own that the next deploy replaces: media
# and private uploads kept there would be found by one instance only, then lost. There they
# need a bucket, unless MEDIA_ROOT and UPLOADS_ROOT both name a mounted volume (a Render Disk
# or a Fly volume, one instance): absolute paths outside the app's own folder. A single
# `docker run` or a Compose machine keeps its disk.
_platform = (
    "Render"
    if env.str("RENDER", default="").strip()
    else "Fly.io"
    if env.str("FLY_APP_NAME", default="").strip()
    else ""
)


def _on_a_volume(name: str) -> bool:
    folder = Path(env.str(name, default="").strip() or BASE_DIR)
    return folder.is_absolute() and not folder.is_relative_to(BASE_DIR)


if _platform and not (_on_a_volume("MEDIA_ROOT") and _on_a_volume("UPLOADS_ROOT")):
    _why = (
        f"on {_platform} each instance's disk is its own and a deploy replaces it: uploads "
        "need an S3 bucket (or MEDIA_ROOT and UPLOADS_ROOT on a mounted volume)"
    )
    if _check.require("AWS_STORAGE_BUCKET_NAME", why=_why):
        _check.require("AWS_ACCESS_KEY_ID", why=f"the bucket's access key ({_platform})")
        _check.require("AWS_SECRET_ACCESS_KEY", why=f"the bucket's secret key ({_platform})")
_check.exit_if_problems()

from cms.settings.base import *

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)

# Static files: hashed names and compressed copies, served by WhiteNoise (or a CDN in front).
STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# HTTPS everywhere; the proxy in front terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = CSRF_TRUSTED_ORIGINS or [SITE_URL]

# Wagtail's live preview shows the page in a same-origin frame, so frames stay SAMEORIGIN
# (not DENY); CSP's frame-ancestors 'self' says the same to modern browsers.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# SMS stay off until a backend is chosen: the console backend would print codes into the logs.
SMS_BACKEND_NAME = _sms_backend
SMS_BACKEND = SMS_BACKENDS.get(SMS_BACKEND_NAME, SMS_BACKEND_NAME)

# One JSON object per log line, for the log shipper (see docs/runbook.md).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
