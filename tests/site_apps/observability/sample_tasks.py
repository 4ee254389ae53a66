"""Tasks for the tests: they log, so a test can see which request's context they ran in."""

import structlog
from django.tasks import task

logger = structlog.get_logger(__name__)


@task
def log_from_task(marker: str) -> str:
    logger.info("inside_task", marker=marker)
    return marker


@task
def fail_in_task(marker: str) -> None:
    logger.info("inside_failing_task", marker=marker)
    raise RuntimeError(f"task failed on purpose: {marker}")
