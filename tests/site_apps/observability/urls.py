"""The site's URLs plus a few views that only tests need (enqueue a task, fail, act for a team)."""

from types import SimpleNamespace

import structlog
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from cms.urls import urlpatterns as site_urlpatterns
from tests.site_apps.observability import sample_tasks

logger = structlog.get_logger("tests.views")


def enqueue(request: HttpRequest) -> JsonResponse:
    task = sample_tasks.fail_in_task if request.GET.get("fail") else sample_tasks.log_from_task
    result = task.enqueue(marker=request.GET.get("marker", "m"))
    logger.info("after_enqueue")
    return JsonResponse({"task_id": str(result.id)})


@csrf_exempt
def boom(request: HttpRequest) -> JsonResponse:
    logger.info("about_to_fail")
    raise RuntimeError("boom on purpose")


def as_team(request: HttpRequest) -> JsonResponse:
    request.team = SimpleNamespace(pk=7)  # type: ignore[attr-defined]  # as the teams app will
    logger.info("inside_team_view")
    return JsonResponse({})


def log_secrets(request: HttpRequest) -> JsonResponse:
    logger.info(
        "signing_in",
        password="hunter2-password",
        headers={"Authorization": "Bearer sekret-bearer-token", "Accept": "text/html"},
        note="retrying with api_key=sk_live_51Habcdefghijklmnop",
    )
    return JsonResponse({})


urlpatterns = [
    path("test/enqueue/", enqueue),
    path("test/boom/", boom),
    path("test/team/", as_team),
    path("test/log-secrets/", log_secrets),
    *site_urlpatterns,
]
