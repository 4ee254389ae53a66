"""Stripe's webhook endpoint: verify the signature, record the event, answer at once.

Stripe signs `"{t}.{body}"` with the endpoint's secret (HMAC-SHA256) in `Stripe-Signature`
(`t=...,v1=...`); the gateway checks it and the timestamp's age. Anything unsigned, wrongly
signed, stale, not JSON we accept (deeply nested, NUL characters) or without a proper id is
refused with 400 before anything is written. A recorded event is applied by the
`process_stripe_event` task (`tasks.py`), which reads Stripe outside any transaction and retries
with backoff; a replayed event changes nothing.
"""

from __future__ import annotations

import structlog
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.tasks import TaskResultStatus
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from site_apps.billing import gateway, services
from site_apps.billing.tasks import process_stripe_event

security_log = structlog.get_logger("security.webhooks")
logger = structlog.get_logger(__name__)


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
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
    except gateway.MalformedEvent as error:
        security_log.warning("stripe_webhook_refused", reason=str(error))
        return JsonResponse({"error": str(error)}, status=400)
    problem = services.event_problem(event)
    if problem:
        security_log.warning("stripe_webhook_refused", reason=problem)
        return JsonResponse({"error": problem}, status=400)
    row = services.record_event(event)
    if row.processed_at is not None:
        return JsonResponse({"status": "duplicate", "event": row.stripe_id})
    result = process_stripe_event.enqueue(row.pk)
    if result.status == TaskResultStatus.FAILED:
        # Without a worker the task ran here and failed: a 500 makes Stripe retry.
        return JsonResponse(
            {"error": "The event could not be processed; Stripe will retry."}, status=500
        )
    outcome = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else "queued"
    return JsonResponse({"status": outcome, "event": row.stripe_id})
