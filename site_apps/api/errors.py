"""One JSON shape for every API error.

    {"type": "validation_error", "detail": "Some fields are not valid.",
     "errors": {"name": ["This field is required."]}}

`type` is a stable machine-readable code (for example `not_authenticated`, `revoked_api_key`,
`permission_denied`, `plan_limit_reached` (402: the team's plan does not allow it),
`not_found`, `throttled`, `billing_error`, `provider_error` (502: an outside service did not
answer)); `detail` is a sentence for people; `errors` appears only on validation errors, field
by field (`non_field_errors` for the rest).

Every error of the site's own family (`site_apps.common.errors.ApplicationError`) is mapped
here, once: its `code` is the `type`, its `http_status` the status, its `public_message` the
`detail`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler, set_rollback

from site_apps.common.errors import ApplicationError, ProviderError
from site_apps.security.views import is_outage

logger = logging.getLogger("api")


def error_body(type_: str, detail: str, errors: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": type_, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        exc = as_api_exception(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        return Response(
            error_body("request_too_large", _("The request body is too large.")),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    elif is_outage(exc):
        # The database is down or too slow (its timeouts fired): come back later, not a bug.
        logger.error("API request failed: the database is unavailable", exc_info=exc)
        set_rollback()
        return Response(
            error_body(
                "service_unavailable",
                _("We are having trouble reaching our database. Please try again in a moment."),
            ),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(settings.OUTAGE_RETRY_AFTER)},
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        # An unexpected error: logged (and so sent to Sentry), answered in the same shape.
        logger.exception("Unhandled error in the API", exc_info=exc)
        set_rollback()
        return Response(
            error_body("server_error", _("Something went wrong on our side. Please try again.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    response.data = shape(exc, response.data)
    return response


def as_api_exception(exc: ApplicationError) -> exceptions.APIException:
    """The DRF exception that answers one of the site's own errors, in the JSON shape."""
    if isinstance(exc, ProviderError):
        # The provider's own words are for the logs (and Sentry), not for the client.
        logger.warning("API request failed at a provider: %s", exc, exc_info=exc)
    if exc.as_validation_error:
        return exceptions.ValidationError({"non_field_errors": [exc.public_message]})
    answer = exceptions.APIException(detail=exc.public_message, code=exc.code)
    answer.status_code = exc.http_status
    return answer


def shape(exc: Exception, data: Any) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        return error_body("validation_error", _("Some fields are not valid."), errors)
    if isinstance(data, dict) and "detail" in data:
        # simplejwt puts its own code (e.g. token_not_valid) beside the detail.
        code = data.get("code") or _code_of(exc)
        return error_body(str(code), str(data["detail"]))
    return error_body(_code_of(exc), str(data))


def _code_of(exc: Exception) -> str:
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            return codes
        detail = codes.get("detail") if isinstance(codes, dict) else None
        if isinstance(detail, str):
            return detail
        return exc.default_code
    return "error"


def json_error(status_code: int, type_: str, detail: str) -> JsonResponse:
    """For answers made outside DRF's views (an unknown /api/ URL)."""
    return JsonResponse(error_body(type_, detail), status=status_code)
