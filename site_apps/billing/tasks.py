"""Background work of billing, on Django's `django.tasks`: applying Stripe's webhook events.

The webhook records an event and answers Stripe at once; `process_stripe_event` applies it.
A failure is counted on the event's row (`attempts`, `error`) and, on a backend that can
defer (django-tasks-db), the task is queued again after a growing pause: 30 s, 1 min, 2 min...
up to `STRIPE_EVENT_MAX_ATTEMPTS` attempts (about two hours), after which the row keeps its
error for an operator (Billing > Stripe events in the admin; Stripe's dashboard can resend it).
On the immediate backend the task runs inside the webhook request, and a failure answers 500,
so Stripe's own retries take over.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.tasks import task, task_backends
from django.utils import timezone

from site_apps.billing import services

FIRST_PAUSE_SECONDS = 30
LONGEST_PAUSE_SECONDS = 60 * 60


def retry_pause(attempts: int) -> datetime.timedelta:
    """How long to wait before attempt `attempts + 1`: doubling from 30 s, at most an hour."""
    seconds = FIRST_PAUSE_SECONDS * 2 ** max(0, attempts - 1)
    return datetime.timedelta(seconds=min(seconds, LONGEST_PAUSE_SECONDS))


@task()
def process_stripe_event(event_pk: int) -> str:
    try:
        return services.process_recorded_event(event_pk)
    except Exception as error:
        row = services.note_failure(event_pk, error=error)
        backend = task_backends[process_stripe_event.backend]
        if backend.supports_defer and row.attempts < settings.STRIPE_EVENT_MAX_ATTEMPTS:
            run_after = timezone.now() + retry_pause(row.attempts)
            process_stripe_event.using(run_after=run_after).enqueue(event_pk)
        raise
