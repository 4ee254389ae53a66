"""Readiness: can this process serve requests now? Each dependency is probed with a timeout.

The probes are django-health-check's (database, cache, storage) plus one for the queued task
backend; this module names them and runs them together, so the view can say which one failed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, router
from django.tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from health_check import checks
from health_check.base import HealthCheck, HealthCheckResult
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The queued task backend's table answers (django-tasks-db keeps the queue in the database)."""

    def run(self) -> None:
        alias = router.db_for_read(DBTaskResult) or "default"
        try:
            with connections[alias].temporary_connection():
                DBTaskResult.objects.using(alias).ready().exists()
        except DatabaseError as e:
            raise ServiceUnavailable("task queue is unreachable") from e


def uses_queued_tasks() -> bool:
    return isinstance(task_backends["default"], DatabaseBackend)


def readiness_checks() -> dict[str, HealthCheck]:
    """The probes by the name the JSON report gives them, each with the configured timeout."""
    timeout = datetime.timedelta(seconds=settings.HEALTH_CHECK_TIMEOUT)
    probes: dict[str, HealthCheck] = {
        "database": checks.Database(),
        "cache": checks.Cache(timeout=timeout),
        "storage": checks.Storage(),
    }
    if uses_queued_tasks():
        probes["tasks"] = TaskQueue()
    for probe in probes.values():
        probe.timeout = timeout
    return probes


@dataclasses.dataclass
class ReadinessReport:
    results: dict[str, HealthCheckResult]

    @property
    def failed(self) -> list[str]:
        return [name for name, result in self.results.items() if result.error]

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "unavailable",
            "failed": self.failed,
            "checks": {
                name: {
                    "ok": result.error is None,
                    "error": None if result.error is None else str(result.error),
                    "seconds": round(result.time_taken, 3),
                }
                for name, result in self.results.items()
            },
        }


async def check_readiness() -> ReadinessReport:
    """Run every readiness probe at once; the answer comes within the timeout however long a
    dependency hangs.

    The probes run in threads of their own that are never waited for: the event loop's shared
    executor would be joined when the loop closes, holding the response until a hung probe ends.
    """
    probes = readiness_checks()
    executor = ThreadPoolExecutor(max_workers=len(probes), thread_name_prefix="readiness")
    try:
        results = await asyncio.gather(*(probe.get_result(executor) for probe in probes.values()))
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    return ReadinessReport(results=dict(zip(probes, results, strict=True)))
