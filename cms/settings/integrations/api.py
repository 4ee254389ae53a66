"""Settings for the REST API (site_apps/api): Django REST framework, simplejwt and
drf-spectacular, and the rates read from the environment. Kept here so the API's choices read
in one place; see docs/api.md for what each means to a client.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from cms.settings.env import RATE as rate_format, env

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    # Order matters: the first class names the scheme in a 401's WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "site_apps.api.authentication.TeamAPIKeyAuthentication",
        "site_apps.api.authentication.JWTAuthentication",  # simplejwt's, ends at sign-out
        "rest_framework.authentication.SessionAuthentication",  # with CSRF on writes
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "site_apps.api.throttling.KeyRateThrottle",
        "site_apps.api.throttling.UserRateThrottle",
        "site_apps.api.throttling.AnonRateThrottle",
        "site_apps.api.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "site_apps.common.api.pagination.CursorPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["site_apps.api.parsers.SafeJSONParser"],
    "EXCEPTION_HANDLER": "site_apps.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Proxies in front that add to X-Forwarded-For (a load balancer): anonymous rates count the
    # client's address, not the proxy's.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
}


# Requests per window ("N/sec|min|hour|day"), counted in the cache by site_apps.api.throttling:
# anonymous callers per IP, people, and API keys (each key its team plan's rate, at most this);
# scopes guard expensive endpoints.
def _rate(name: str, default: str) -> str:
    """A rate from the environment; a malformed one stops start-up naming it (it would make
    every request it applies to fail). Production's start-up check names it with the rest."""
    value = env.str(name, default=default).strip()
    if not rate_format.match(value):
        raise ImproperlyConfigured(
            f"{name} is malformed: expected a count per sec, min, hour or day (60/min)"
        )
    return value


API_RATE_ANON = _rate("API_RATE_ANON", "60/min")
API_RATE_USER = _rate("API_RATE_USER", "600/min")
API_RATE_KEY = _rate("API_RATE_KEY", "1200/min")
API_THROTTLE_RATES: dict[str, str] = {
    "token": "20/min",  # JWT obtain: checks a password
    "keys": "30/hour",  # creating API keys
    "invitations": "60/hour",  # sends email
    "anon": API_RATE_ANON,
    "user": API_RATE_USER,
    "key": API_RATE_KEY,
}

# Versions that still answer but are on their way out: {"v1": {"deprecation": "2027-01-01",
# "sunset": "2027-07-01", "link": "https://…/changelog"}}. Their responses carry the
# Deprecation, Sunset and Link headers (RFC 9745, RFC 8594).
API_DEPRECATED_VERSIONS: dict[str, dict[str, str]] = {}

# Usage counters wait in the cache this long at most before `flush_api_usage` writes them.
API_USAGE_CACHE_SECONDS = 3 * 24 * 60 * 60
# Queue the usage flush at most this often (0: never; run `manage.py flush_api_usage` instead).
API_USAGE_FLUSH_SECONDS = env.int("API_USAGE_FLUSH_SECONDS", default=300)

SIMPLE_JWT: dict[str, Any] = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=10),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_CLAIM": "user_id",
    "AUTH_TOKEN_CLASSES": ("site_apps.api.tokens.AccessToken",),
}

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Lumen API",
    "DESCRIPTION": (
        "The Lumen REST API. Authenticate with a team API key (`Authorization: Api-Key …`), "
        "a JWT (`Authorization: Bearer …`) or the site's session cookie (with a CSRF token "
        "on writes). Lists use cursor pagination; errors share one JSON shape."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True, "displayRequestDuration": True},
    "PREPROCESSING_HOOKS": ["site_apps.api.schema.only_the_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "site_apps.api.schema.add_error_responses",
    ],
    # `<id:pk>` (site_apps/common/api/converters.py): an id, at most the largest bigint.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 2**63 - 1}
    },
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "site_apps.teams.models.Role",
        "InvitationStatusEnum": "site_apps.teams.models.Invitation.Status",
        "TodoStatusEnum": "site_apps.observability.models.TodoItem.Status",
        "APIKeyStatusEnum": "site_apps.api.models.KEY_STATUSES",
    },
}
