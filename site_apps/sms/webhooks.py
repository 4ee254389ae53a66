"""Twilio's status callback: check the signature, record the status, answer at once.

Twilio signs each callback in `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the account's
auth token, of the URL it called followed by the POST parameters (names and values, sorted by
name). Behind a proxy the URL Django sees is not the one Twilio called, so the public one is
rebuilt from SITE_URL. A missing or wrong signature gets 403 and nothing is written; a status
already recorded for the message answers 200 and changes nothing. The status is applied by a
task (only forward: a late "sent" after "delivered" stays in the history only).
"""

from __future__ import annotations

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from site_apps.sms import gateway, services

security_log = structlog.get_logger("security.webhooks")
logger = structlog.get_logger(__name__)


def public_url(request: HttpRequest) -> str:
    """The address Twilio called: SITE_URL with this request's path and query."""
    return f"{settings.SITE_URL}{request.get_full_path()}"


@csrf_exempt
@require_POST
def twilio_status(request: HttpRequest) -> HttpResponse:
    if not settings.TWILIO_AUTH_TOKEN:
        return JsonResponse(
            {"error": "Twilio callbacks are not configured (TWILIO_AUTH_TOKEN)."}, status=503
        )
    signature = request.headers.get("X-Twilio-Signature", "")
    if not gateway.signature_is_valid(public_url(request), request.POST, signature):
        security_log.warning(
            "twilio_callback_refused",
            reason="missing signature" if not signature else "bad signature",
        )
        return JsonResponse({"error": "Invalid or missing X-Twilio-Signature."}, status=403)
    outcome = services.record_callback(request.POST)
    if outcome == "incomplete":
        return JsonResponse(
            {"error": "A status callback needs MessageSid and MessageStatus."}, status=400
        )
    logger.info(
        "twilio_callback",
        outcome=outcome,
        message=request.POST.get("MessageSid", "")[:64],
        status=request.POST.get("MessageStatus", "")[:20],
    )
    return HttpResponse(status=204)
