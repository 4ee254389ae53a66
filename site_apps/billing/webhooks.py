"""Stripe's webhook endpoint: verify the signature, then record and apply the event once.

Stripe signs `"{t}.{body}"` with the endpoint's secret (HMAC-SHA256) in `Stripe-Signature`
(`t=...,v1=...`); the SDK's `construct_event` checks it and the timestamp's age. Anything
unsigned, wrongly signed, stale or not JSON is refused with 400 before anything is written.
A replayed event is answered 200 and changes nothing; a failure answers 500, leaves nothing
half-written, and Stripe's retry processes the event again.
"""

from __future__ import annotations

import structlog
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from site_apps.billing import gateway, services

security_log = structlog.get_logger("security.webhooks")
logger = structlog.get_logger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    if not settings.STRIPE_WEBHOOK_SECRET:
        return JsonResponse(
            {"error": "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)."}, status=503
        )
    try:
        event = gateway.verified_event(request.body, request.headers.get("Stripe-Signature"))
    except gateway.InvalidWebhook as error:
        security_log.warning("stripe_webhook_refused", reason=str(error)[:200])
        return JsonResponse({"error": "Invalid or missing Stripe-Signature."}, status=400)
    if not isinstance(event.get("id"), str) or not isinstance(event.get("data"), dict):
        return JsonResponse({"error": "A Stripe event needs an id and data."}, status=400)
    try:
        outcome = services.process_event(event)
    except Exception:
        logger.exception("stripe_webhook_failed", event_id=event["id"], type=event.get("type"))
        return JsonResponse(
            {"error": "The event could not be processed; Stripe will retry."}, status=500
        )
    return JsonResponse({"status": outcome, "event": event["id"]})
