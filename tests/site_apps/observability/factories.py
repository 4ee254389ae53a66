from __future__ import annotations

import factory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from site_apps.observability.models import QueuedTaskContext, SentryWebhookDelivery, TodoItem


class TodoItemFactory(factory.django.DjangoModelFactory[TodoItem]):
    """A to-do written by staff (the model's defaults: normal priority, open)."""

    class Meta:
        model = TodoItem

    title = factory.Sequence(lambda n: f"Todo {n}")


class SentryWebhookDeliveryFactory(factory.django.DjangoModelFactory[SentryWebhookDelivery]):
    class Meta:
        model = SentryWebhookDelivery

    delivery_id = factory.Sequence(lambda n: f"delivery-{n}")
    resource = "issue"
    action = "created"
    sentry_issue_id = factory.Sequence(str)
    sent_at = factory.LazyFunction(timezone.now)
    outcome = SentryWebhookDelivery.Outcome.APPLIED
    todo = factory.SubFactory(TodoItemFactory)


class DBTaskResultFactory(factory.django.DjangoModelFactory[DBTaskResult]):
    """A queued task as django-tasks-db stores it."""

    class Meta:
        model = DBTaskResult

    args_kwargs = factory.LazyFunction(lambda: {"args": [], "kwargs": {}})
    task_path = "tests.site_apps.observability.sample_tasks.fail_in_task"
    backend_name = "default"
    run_after = factory.LazyFunction(timezone.now)


class QueuedTaskContextFactory(factory.django.DjangoModelFactory[QueuedTaskContext]):
    class Meta:
        model = QueuedTaskContext

    task = factory.SubFactory(DBTaskResultFactory)
    context = factory.LazyFunction(lambda: {"request_id": "0" * 32})
