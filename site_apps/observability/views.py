"""Health endpoints for load balancers, orchestrators and the container's HEALTHCHECK."""

from __future__ import annotations

from typing import Any

import structlog
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check.views import HealthCheckView

from site_apps.observability.health import check_readiness, readiness_checks

logger = structlog.get_logger(__name__)


@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    """The process answers. No database, cache or disk: a restart would not fix those."""
    return JsonResponse({"status": "ok"})


class ReadinessView(HealthCheckView):
    """Every dependency answers: 200, or 503 with a JSON body naming what failed.

    django-health-check's view runs the probes and marks the response never-cached; we always
    answer JSON, with 503 (not 500) so balancers read "not ready" rather than "broken".
    """

    http_method_names = ["get", "head"]

    def get_checks(self) -> Any:
        # Used by `manage.py health_check observability:ready --no-http`.
        yield from readiness_checks().values()

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        report = await check_readiness()
        if not report.ok:
            logger.warning("readiness_failed", failed=report.failed)
        return JsonResponse(report.as_json(), status=200 if report.ok else 503)
