"""Sentry's integration webhook: verify the signature, then record the issue change once.

Sentry signs the raw body with the integration's client secret (HMAC-SHA256, hex) in
`Sentry-Hook-Signature`. Anything unsigned or wrongly signed is refused with 401 before it is
read, and nothing is written. The signature does not cover the headers, so a captured delivery
could be sent again with a fresh `Request-ID` and timestamp: deliveries whose
`Sentry-Hook-Timestamp` is missing or further than `SENTRY_WEBHOOK_TOLERANCE_SECONDS` from now
are refused, and a body seen before is a duplicate whatever its id (docs/security.md).
See docs/runbook.md for wiring the internal integration.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

import structlog
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from site_apps.observability.request_context import SAFE_REQUEST_ID
from site_apps.observability.services import SentryIssueEvent, record_sentry_issue_event
from site_apps.security.payloads import parse_json

logger = structlog.get_logger(__name__)
# Sentry's issue ids are 64-bit numbers.
MAX_ISSUE_ID_DIGITS = 20
security_log = structlog.get_logger("security.webhooks")


def expected_signature(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_is_valid(body: bytes, signature: str | None, secret: str) -> bool:
    """Constant-time comparison of the header with the body's HMAC."""
    if not signature:
        return False
    given = signature.strip().encode("latin-1", errors="replace")
    return hmac.compare_digest(expected_signature(body, secret).encode(), given)


def parse_sent_at(value: str | None) -> datetime.datetime | None:
    """Sentry-Hook-Timestamp (Unix seconds) as a datetime; None when missing; ValueError if bad."""
    if not value:
        return None
    seconds = float(value)
    if not 0 < seconds < 32503680000:  # after 1970 and before the year 3000
        raise ValueError(value)
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def delivery_id_of(request: HttpRequest, body: bytes) -> str:
    """Sentry's Request-ID for the delivery, or (without one) a digest of what was delivered."""
    given = request.headers.get("Request-ID", "")
    if given and SAFE_REQUEST_ID.fullmatch(given) and len(given) <= 100:
        return given
    stamp = request.headers.get("Sentry-Hook-Timestamp", "")
    return "sha256:" + hashlib.sha256(stamp.encode() + b"\n" + body).hexdigest()


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
def sentry_webhook(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        return _error("POST a Sentry webhook here.", 405)
    secret = settings.SENTRY_CLIENT_SECRET
    if not secret:
        return _error("The Sentry integration is not configured (SENTRY_CLIENT_SECRET).", 503)
    body = request.body
    if not signature_is_valid(body, request.headers.get("Sentry-Hook-Signature"), secret):
        security_log.warning(
            "sentry_webhook_refused",
            reason="missing signature"
            if not request.headers.get("Sentry-Hook-Signature")
            else "bad signature",
        )
        return _error("Invalid or missing Sentry-Hook-Signature.", 401)

    resource = request.headers.get("Sentry-Hook-Resource", "")
    try:
        payload = parse_json(body)
        sent_at = parse_sent_at(request.headers.get("Sentry-Hook-Timestamp"))
    except ValueError:
        return _error("The body must be JSON and Sentry-Hook-Timestamp Unix seconds.", 400)
    tolerance = settings.SENTRY_WEBHOOK_TOLERANCE_SECONDS
    now = datetime.datetime.now(tz=datetime.UTC)
    if tolerance is not None and (
        sent_at is None or abs((now - sent_at).total_seconds()) > tolerance
    ):
        security_log.warning("sentry_webhook_refused", reason="timestamp outside the window")
        return _error(f"Sentry-Hook-Timestamp must be within {tolerance} seconds of now.", 400)
    if resource != "issue":
        # Installation, alerts, comments...: acknowledged, so Sentry does not count failures.
        return JsonResponse({"status": "ignored", "reason": f"resource {resource!r} not handled"})
    data = payload.get("data") if isinstance(payload, dict) else None
    issue = data.get("issue") if isinstance(data, dict) else None
    action = payload.get("action") if isinstance(payload, dict) else None
    issue_id = str(issue.get("id", "")) if isinstance(issue, dict) else ""
    if (
        not isinstance(issue, dict)
        or not (issue_id.isascii() and issue_id.isdigit())
        or len(issue_id) > MAX_ISSUE_ID_DIGITS
    ):
        return _error("An issue webhook needs data.issue.id.", 400)
    if not isinstance(action, str) or not action:
        return _error("An issue webhook needs an action.", 400)

    outcome, todo = record_sentry_issue_event(
        SentryIssueEvent(
            delivery_id=delivery_id_of(request, body),
            action=action[:40],
            issue=issue,
            sent_at=sent_at or now,
            payload_digest=hashlib.sha256(body).hexdigest(),
        )
    )
    return JsonResponse({"status": outcome, "todo": todo.pk if todo else None})
