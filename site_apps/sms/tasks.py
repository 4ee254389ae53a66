"""Background work of the SMS app, on Django's `django.tasks`: sending each message after the
transaction that wrote it commits, and applying the provider's status callbacks.

Arguments are row ids only: a task's arguments are stored by a queued backend, and a code must
never be stored."""

from __future__ import annotations

from django.tasks import task

from site_apps.sms import services


@task()
def deliver_message(message_id: int) -> str:
    """Send one pending message (see `services.deliver`); returns its status."""
    return services.deliver(message_id)


@task()
def apply_status_event(event_id: int) -> str:
    """Apply one recorded status callback to its message (see `services.apply_event`)."""
    return services.apply_event(event_id)
