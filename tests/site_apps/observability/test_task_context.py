"""Background tasks log with the request id of the request that queued them."""

from __future__ import annotations

import logging

import pytest
import structlog
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from site_apps.observability.models import QueuedTaskContext
from tests.site_apps.accounts.factories import UserFactory

QUEUED = {"default": {"BACKEND": "site_apps.observability.task_context.DatabaseBackend"}}


def run_worker() -> None:
    """One batch of the database worker, as its own process would run it. The command sets its
    loggers' levels for the process (verbosity 0: CRITICAL); here the process is the test run's,
    so the levels are put back, or later tests lose Django's task log lines."""
    loggers = [logging.getLogger(name) for name in ("django.tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    try:
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@pytest.mark.django_db
def test_an_in_process_task_logs_with_the_request_id_and_its_own_id(client, json_log, test_urls):
    response = client.get("/test/enqueue/?marker=inline", HTTP_X_REQUEST_ID="req-inline")
    task_id = response.json()["task_id"]

    (inside,) = json_log.events("inside_task")
    assert inside["request_id"] == "req-inline"
    assert inside["task_id"] == task_id
    assert inside["task"].endswith("sample_tasks.log_from_task")
    (finished,) = json_log.events("task_finished")
    assert finished["status"] == "SUCCESSFUL"
    # Back in the request, the task's ids are gone again.
    (after,) = json_log.events("after_enqueue")
    assert after["request_id"] == "req-inline"
    assert "task_id" not in after


# The worker closes and reopens its database connection between tasks, so these tests commit
# for real (transaction=True) instead of running inside one rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_a_queued_task_runs_in_the_worker_with_the_request_that_queued_it(
    client, json_log, test_urls
):
    user = UserFactory()
    client.force_login(user)
    with override_settings(TASKS=QUEUED):
        response = client.get("/test/enqueue/?marker=queued", HTTP_X_REQUEST_ID="req-queued")
        task_id = response.json()["task_id"]
        stored = QueuedTaskContext.objects.get(task_id=task_id)
        assert stored.context == {"request_id": "req-queued", "user_id": user.pk}
        assert not json_log.events("inside_task"), "queued, not run yet"

        structlog.contextvars.clear_contextvars()  # the worker is another process
        run_worker()

    assert DBTaskResult.objects.get(id=task_id).status == "SUCCESSFUL"
    (inside,) = json_log.events("inside_task")
    assert inside["request_id"] == "req-queued"
    assert inside["user_id"] == user.pk
    assert inside["task_id"] == task_id
    assert structlog.contextvars.get_contextvars() == {}, "the worker's context is clean again"


@pytest.mark.django_db(transaction=True)
def test_a_failing_queued_task_is_logged_as_an_error_with_its_request_id(
    client, json_log, test_urls
):
    with override_settings(TASKS=QUEUED):
        client.get("/test/enqueue/?fail=1&marker=bad", HTTP_X_REQUEST_ID="req-failing")
        structlog.contextvars.clear_contextvars()
        run_worker()

    (failed,) = json_log.events("task_failed")
    assert failed["level"] == "error"
    assert failed["request_id"] == "req-failing"
    assert failed["exception_class"] == "builtins.RuntimeError"
    assert "task failed on purpose: bad" in failed["traceback"]


@pytest.mark.django_db
def test_a_task_queued_outside_any_request_stores_no_context():
    from tests.site_apps.observability.sample_tasks import log_from_task

    structlog.contextvars.clear_contextvars()
    with override_settings(TASKS=QUEUED):
        result = log_from_task.enqueue(marker="cron")
    assert DBTaskResult.objects.filter(id=result.id).exists()
    assert not QueuedTaskContext.objects.exists()
