"""Background tasks keep the request id (and user and team) of the request that queued them.

At enqueue the log context is captured; when the task starts it is bound again, with the task's
own id and name, so every log line and Sentry event of the task says which request asked for it.

- The immediate backend runs the task inside the request: the context is already there; the
  task's ids are bound on top and removed when it finishes.
- django-tasks-db (`TASKS_BACKEND=database`) runs it in `manage.py db_worker`, another process:
  the context is stored in `QueuedTaskContext` beside the queued row. `DatabaseBackend` below
  writes both in one transaction, so a worker can never claim a task before its context exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import structlog
from asgiref.sync import sync_to_async
from django.db import router, transaction
from django.tasks.signals import task_enqueued, task_finished, task_started
from django_tasks_db import DatabaseBackend as QueuedDatabaseBackend

logger = structlog.get_logger(__name__)

# What of the request's log context a task inherits.
CARRIED_CONTEXT = ("request_id", "user_id", "team_id")

# Tokens to undo what task_started bound, by task id (a worker runs one task at a time per
# thread; the immediate backend nests a task inside a request).
_bound: dict[str, Mapping[str, Any]] = {}


class DatabaseBackend(QueuedDatabaseBackend):
    """django-tasks-db's backend, queuing a task and its log context together."""

    def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
        with transaction.atomic(using=self._database_alias()):
            return super().enqueue(task, args, kwargs)

    async def aenqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
        return await sync_to_async(self.enqueue)(task, args, kwargs)

    @staticmethod
    def _database_alias() -> str:
        # imported here: a model, in the task backend, which Django may load while the apps load
        from django_tasks_db.models import DBTaskResult

        return router.db_for_write(DBTaskResult) or "default"


def carried_context() -> dict[str, Any]:
    context = structlog.contextvars.get_contextvars()
    return {key: context[key] for key in CARRIED_CONTEXT if context.get(key) is not None}


def remember_context(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_enqueued receiver: store the request's context beside a queued task."""
    db_result = getattr(task_result, "db_result", None)
    context = carried_context()
    logger.info("task_enqueued", task_id=str(task_result.id), task=task_result.task.module_path)
    if db_result is not None and context:
        # imported here: a model, in the task backend, which Django may load while the apps load
        from site_apps.observability.models import QueuedTaskContext

        QueuedTaskContext.objects.create(task=db_result, context=context)


def bind_task_context(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_started receiver: bind the queuing request's context and the task's own ids."""
    task_id = str(task_result.id)
    context: dict[str, Any] = {}
    if getattr(task_result, "db_result", None) is not None:
        # imported here: a model, in the task backend, which Django may load while the apps load
        from site_apps.observability.models import QueuedTaskContext

        stored = QueuedTaskContext.objects.filter(task_id=task_result.id).first()
        context = stored.context if stored else {}
    context |= {"task_id": task_id, "task": task_result.task.module_path}
    _bound[task_id] = structlog.contextvars.bind_contextvars(**context)
    logger.info("task_started")


def unbind_task_context(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_finished receiver: log how it went, then restore the context from before the task."""
    status = str(task_result.status)
    if task_result.errors:
        error = task_result.errors[-1]
        logger.error(
            "task_failed",
            status=status,
            exception_class=error.exception_class_path,
            traceback=error.traceback,
        )
    else:
        logger.info("task_finished", status=status)
    tokens = _bound.pop(str(task_result.id), None)
    if tokens:
        structlog.contextvars.reset_contextvars(**tokens)


def connect_signals() -> None:
    task_enqueued.connect(remember_context, dispatch_uid="observability.task_enqueued")
    task_started.connect(bind_task_context, dispatch_uid="observability.task_started")
    task_finished.connect(unbind_task_context, dispatch_uid="observability.task_finished")
