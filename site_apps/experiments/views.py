"""The page script's beacons: "this visitor saw the tested page" and "reached a goal".

They take no CSRF token (cached pages carry none, and `navigator.sendBeacon` cannot send a
header), so they trust nothing the browser says but the page and the event: the test, the
version and the visitor are worked out on the server. Each address may send a limited number.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from site_apps.common.api.throttling import count_hit
from site_apps.experiments import goals, services, visitors

BEACONS_PER_ADDRESS = "120/min"
BEACON_GOALS = (goals.CTA_CLICK, goals.VISIT_PRICING, goals.VISIT_PAGE)


def _page_id(request: HttpRequest) -> int | None:
    value = request.POST.get("page", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _throttled(request: HttpRequest) -> HttpResponse | None:
    allowed, window = count_hit(
        f"experiments:{BaseThrottle().get_ident(Request(request))}", BEACONS_PER_ADDRESS
    )
    if allowed or window is None:
        return None
    response = JsonResponse({"error": "Too many requests."}, status=429)
    response["Retry-After"] = str(window.reset)
    return response


@csrf_exempt
@require_POST
def seen(request: HttpRequest) -> HttpResponse:
    page_id = _page_id(request)
    if page_id is None:
        return JsonResponse({"error": "page: expected a page id."}, status=400)
    if refusal := _throttled(request):
        return refusal
    response = HttpResponse(status=204)
    if services.join(request, page_id=page_id) is not None:
        visitors.remember(request, response)
    return response


@csrf_exempt
@require_POST
def goal(request: HttpRequest) -> HttpResponse:
    page_id = _page_id(request)
    event = request.POST.get("event", "")
    if page_id is None or event not in BEACON_GOALS:
        return JsonResponse({"error": "Expected a page id and a known goal."}, status=400)
    if refusal := _throttled(request):
        return refusal
    services.record_goal(request, event=event, page_id=page_id)
    return HttpResponse(status=204)
