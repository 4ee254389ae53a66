"""OpenAPI additions: the team API key scheme, each operation's schemes, and the error
responses every operation shares.

drf-spectacular describes simplejwt's and the session's schemes itself; this module adds ours
(`ApiKeyAuth`) and one `Error` component with the responses any endpoint may give (400, 401,
403, 404, 429 and 503; 413 where there is a body).

drf-spectacular lists, for each operation, the scheme of every authentication class the view
has, and every view has all three (the settings' defaults): who is refused is decided later,
by permission classes (`IsPerson`, `IsTeamKey`) and team rules it cannot read, so `me/` listed
API keys and `team/` listed JWTs. Each scheme here asks the view which kinds of caller it
serves (`accepted_callers`) and is left out of the operation's `security` when not one of them.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from site_apps.common.api.permissions import API_KEY, PERSON, accepted_callers

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error has this shape.",
    "properties": {
        "type": {"type": "string", "description": "A stable code, e.g. `not_authenticated`."},
        "detail": {"type": "string", "description": "What went wrong, for people."},
        "errors": {
            "type": "object",
            "description": "Validation errors only: messages per field.",
            "additionalProperties": {},
        },
    },
    "required": ["type", "detail"],
    "example": {"type": "not_found", "detail": "No team with this slug."},
}
RATE_HEADERS = {
    "RateLimit-Limit": "Requests allowed in the current window.",
    "RateLimit-Remaining": "Requests left in the current window.",
    "RateLimit-Reset": "Seconds until the window starts again.",
}
ERRORS = {
    "400": (
        "The request is not valid: see `errors`.",
        {
            "type": "validation_error",
            "detail": "Some fields are not valid.",
            "errors": {"name": ["This field may not be blank."]},
        },
    ),
    "401": (
        "No credentials, or a wrong, expired or revoked key or token.",
        {
            "type": "revoked_api_key",
            "detail": "This API key was revoked. Ask a team owner or admin for a new one.",
        },
    ),
    "403": (
        "Authenticated, but not allowed to do this.",
        {"type": "permission_denied", "detail": "Only the team's owners and admins can do that."},
    ),
    "404": (
        "Not found (another team's objects are not found either).",
        {"type": "not_found", "detail": "No team with this slug."},
    ),
    "413": (
        "The request body is larger than the site accepts (10 MB).",
        {"type": "request_too_large", "detail": "The request body is too large."},
    ),
    "402": (
        "The team's plan does not allow it (one more member or API key than it includes, or "
        "the API itself): upgrade on the team's billing page.",
        {
            "type": "plan_limit_reached",
            "detail": "Your team's plan includes 3 active API keys: revoke one first. Upgrade "
            "the team's plan on its billing page to get more.",
        },
    ),
    "429": (
        "Too many requests: wait `Retry-After` seconds.",
        {"type": "throttled", "detail": "Request was throttled. Expected available in 12 seconds."},
    ),
    "503": (
        "The database is unavailable for a moment: try again after `Retry-After` seconds.",
        {
            "type": "service_unavailable",
            "detail": "We are having trouble reaching our database. Please try again in a moment.",
        },
    ),
}


class ForItsCallers(OpenApiAuthenticationExtension):
    """A scheme listed only on the operations that serve its kind of caller."""

    caller: str

    def get_security_requirement(self, auto_schema: Any) -> Any:
        if self.caller not in accepted_callers(auto_schema.view):
            return None  # still described among the components, not offered here
        return super().get_security_requirement(auto_schema)


class TeamAPIKeyScheme(ForItsCallers):
    target_class = "site_apps.api.authentication.TeamAPIKeyAuthentication"
    name = "ApiKeyAuth"
    caller = API_KEY

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A team API key, sent as "Api-Key <key>".',
        }


class SignedOutAwareJWTScheme(ForItsCallers, SimpleJWTScheme):
    """Our JWT authentication is simplejwt's (Bearer tokens), described the same way."""

    target_class = "site_apps.api.authentication.JWTAuthentication"
    caller = PERSON


class PersonSessionScheme(ForItsCallers, SessionScheme):
    """The site's session (`cookieAuth`), as drf-spectacular describes it, for people."""

    caller = PERSON
    priority = SessionScheme.priority + 1  # chosen over drf-spectacular's own


def only_the_public_api(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    """drf-spectacular pre-processing hook: leave out Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


def add_error_responses(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: share the error responses and rate headers."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    headers = {
        name: {"schema": {"type": "integer"}, "description": text}
        for name, text in RATE_HEADERS.items()
    }
    headers_429 = headers | {
        "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "402", "403", "404", "429", "503"]
            if "requestBody" in operation:
                codes.append("413")
            for code in codes:
                if code not in responses:
                    description, example = ERRORS[code]
                    schema = {"$ref": "#/components/schemas/Error"}
                    responses[code] = {
                        "description": description,
                        "content": {"application/json": {"schema": schema, "example": example}},
                    }
            responses["429"]["headers"] = headers_429
            responses["503"]["headers"] = {"Retry-After": headers_429["Retry-After"]}
            for code, response in responses.items():
                if code.startswith("2"):
                    response.setdefault("headers", {}).update(headers)
    return result
