"""Refusals made outside a view: JSON in the API's error shape for programs, a plain page for
people. Nothing here touches the database, so they work while it is down."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

API_PREFIX = "/api/"


def wants_json(request: HttpRequest) -> bool:
    """The API, and programs (webhooks, scripts) that do not ask for HTML, get JSON."""
    if request.path.startswith(API_PREFIX):
        return True
    return "text/html" not in request.headers.get("Accept", "")


def refusal(
    request: HttpRequest,
    status: int,
    type_: str,
    detail: str,
    *,
    title: str = "",
    retry_after: int | None = None,
) -> HttpResponse:
    """`{"type": ..., "detail": ...}` for programs, a page saying `detail` for people."""
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"type": type_, "detail": detail}, status=status)
    else:
        html = render_to_string(
            "security/refusal.html", {"title": title or detail, "detail": detail}
        )
        response = HttpResponse(html, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
