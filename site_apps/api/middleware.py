"""What every /api/ response gets, whichever view made it:

- `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` from the throttles;
- `Deprecation`, `Sunset` and `Link` when its version is in `API_DEPRECATED_VERSIONS`;
- a JSON body for an unknown /api/ URL (instead of the site's HTML 404 page), and for one
  under a language prefix (/es/api/…: the API has none; the answer names the address);
- a 308 Permanent Redirect, with a JSON body, for an endpoint's address without its trailing
  slash: it keeps the method and the body, so a POST is sent again as a POST (Django's
  APPEND_SLASH answers a 301 that clients follow with a GET, or a 500 under DEBUG; the
  `CommonMiddleware` below leaves the API to this);
- the docs pages' content security policy (Swagger UI and Redoc set inline styles);
- one count in the usage counters (cache only) for an authenticated request, and, once every
  `API_USAGE_FLUSH_SECONDS`, the flush queued after the response has gone.

Listed after Django's CSP middleware, so the policy set here is the one it applies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.middleware import common
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from site_apps.api import usage
from site_apps.api.errors import error_body, json_error
from site_apps.common.compat import call_on_close, lazy_object_evaluated, override_csp

PREFIX = "/api/"
DOCS_URL_NAMES = frozenset({"swagger-ui", "redoc"})
ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
# The methods usage is counted for (RFC 9110's, but CONNECT and TRACE). Any other word a client
# sends as a method is answered 405 but not counted: each would be an endpoint of its own
# ("FOO /team/"), a usage row made of client input.
COUNTED_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            unprefixed = without_language_prefix(request.path_info)
            if unprefixed is not None:
                return language_prefix_refused(request, unprefixed)
            return self.get_response(request)
        if endpoint_with_slash(request, request.path_info):
            return slash_redirect(request)
        response = self.get_response(request)
        match = request.resolver_match
        if match is None or "api" not in match.app_names:
            # No endpoint matched (Wagtail's page catch-all may have answered instead).
            if not _is_json(response):
                response = json_error(404, "not_found", _("There is no API endpoint here."))
            return response
        # Answers depend on who asks: shared caches must key them on the credentials too.
        patch_vary_headers(response, ("Authorization",))
        window = getattr(request, "api_ratelimit", None)
        if window is not None:
            response["RateLimit-Limit"] = str(window.limit)
            response["RateLimit-Remaining"] = str(window.remaining)
            response["RateLimit-Reset"] = str(window.reset)
        add_deprecation_headers(response, match.kwargs.get("version"))
        if match.url_name in DOCS_URL_NAMES:
            override_csp(response, settings.API_DOCS_CSP)
        count_usage(request, response, match)
        return response


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def is_api_path(path: str) -> bool:
    """/api/… or /<language>/api/…: the API's addresses, answered in JSON."""
    return path.startswith(PREFIX) or without_language_prefix(path) is not None


def without_language_prefix(path: str) -> str | None:
    """`/api/v1/team/` for `/es/api/v1/team/` (any language of LANGUAGES); None for a path
    that is not the API's under a language prefix."""
    parts = path.split("/", 2)  # "", "es", "api/v1/team/"
    if len(parts) < 3 or parts[1] not in {code for code, _name in settings.LANGUAGES}:
        return None
    rest = "/" + parts[2]
    return rest if rest == PREFIX.rstrip("/") or rest.startswith(PREFIX) else None


def is_endpoint(request: HttpRequest, path: str) -> bool:
    try:
        match = resolve(path, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return "api" in match.app_names


def endpoint_with_slash(request: HttpRequest, path: str) -> bool:
    """Whether `path` is an endpoint's address without its trailing slash."""
    return (
        not path.endswith("/")
        and not is_endpoint(request, path)
        and is_endpoint(request, f"{path}/")
    )


def slash_redirect(request: HttpRequest) -> HttpResponse:
    """308 to the address with its slash (and the same query): unlike a 301, a client that
    follows it sends the same method and body again (RFC 9110, 15.4.9)."""
    location = request.get_full_path(force_append_slash=True)
    body = error_body(
        "permanent_redirect",
        _("This endpoint's address ends with a slash: %(url)s") % {"url": location},
    )
    return HttpResponsePermanentRedirect(
        location,
        preserve_request=True,  # 308, not 301
        content=json.dumps(body),
        content_type="application/json",
    )


def language_prefix_refused(request: HttpRequest, unprefixed: str) -> HttpResponse:
    """A JSON 404 for /<language>/api/…, naming the address without the prefix when there is
    an endpoint there. The API has one address per endpoint, in one language (the default,
    as under /api/): the prefix chooses nothing, so it is not redirected."""
    script = request.path.removesuffix(request.path_info)
    if is_endpoint(request, unprefixed):
        target: str | None = unprefixed
    elif endpoint_with_slash(request, unprefixed):
        target = f"{unprefixed}/"
    else:
        target = None
    with translation.override(settings.LANGUAGE_CODE):
        if target is None:
            detail = _("There is no API endpoint here.")
        else:
            detail = _(
                "The API's addresses have no language prefix: this endpoint is at %(url)s"
            ) % {"url": script + target}
        response = json_error(404, "not_found", detail)
        response["Content-Language"] = settings.LANGUAGE_CODE
    return response


class CommonMiddleware(common.CommonMiddleware):
    """Django's, except that its APPEND_SLASH redirect leaves the API's addresses alone:
    `ApiMiddleware` answers there, with a 308 for an endpoint (Django's 301 has an empty HTML
    body, and a client follows it with a GET; under DEBUG a POST, PUT, PATCH or DELETE raised a
    RuntimeError, a 500) and a JSON 404 for the rest."""

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        if is_api_path(request.path_info):
            return False
        return super().should_redirect_with_slash(request)


def add_deprecation_headers(response: HttpResponse, version: str | None) -> None:
    policy = settings.API_DEPRECATED_VERSIONS.get(version or "")
    if not policy:
        return
    if since := policy.get("deprecation"):
        response["Deprecation"] = f"@{int(_as_datetime(since).timestamp())}"
    if sunset := policy.get("sunset"):
        response["Sunset"] = format_datetime(_as_datetime(sunset), usegmt=True)
    if link := policy.get("link"):
        response["Link"] = f'<{link}>; rel="deprecation"; type="text/html"'


def _as_datetime(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def endpoint_name(method: str, route: str) -> str:
    """`GET` and `api/<str:version>/teams/<str:team_slug>/` → `GET /teams/{team_slug}/`."""
    path = ROUTE_PARAM.sub(r"{\1}", route).removeprefix("api/{version}/")
    return f"{method} /{path}"


def count_usage(request: HttpRequest, response: HttpResponse, match: Any) -> None:
    """Count the request if DRF authenticated someone (a key or a person) and its method is
    one of HTTP's (`COUNTED_METHODS`)."""
    if not getattr(match.func, "cls", None):
        return  # not a DRF view: nothing authenticated it
    if request.method not in COUNTED_METHODS:
        return
    key = getattr(request, "api_key", None)
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and not lazy_object_evaluated(user):
        user = None  # DRF never authenticated this request: do not load the session now
    user_id = getattr(user, "pk", None) if user is not None else None
    if key is None and not user_id:
        return
    usage.count_request(
        endpoint=endpoint_name(request.method, match.route),
        status_code=response.status_code,
        key=key,
        user_id=user_id,
        team_id=getattr(request, "api_team_id", None),
    )
    if usage.flush_is_due():
        # Once per API_USAGE_FLUSH_SECONDS, after this response has been sent (a closer runs
        # when the server closes the response), queue the flush.
        call_on_close(response, usage.enqueue_flush)
