"""The newsletter sign-up endpoint behind the newsletter block (plain POST or htmx), and the
CSRF token on demand for the public forms of cached pages.

Cached public pages carry no CSRF token (it would differ per visitor, cms/page_cache.py). With
JavaScript, site.js fetches one from `csrf_token_view` as the visitor starts on a form. Without
it, the post arrives with no token: `csrf_failure` answers the newsletter or contact form again,
as typed, with a fresh token and a note asking to send it again, and the second post goes
through. A post from another site still fails: Django checks its Origin before the token.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING, REASON_NO_CSRF_COOKIE, get_token
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import csrf as django_csrf
from django.views.decorators.http import require_GET, require_POST
from wagtail import views as wagtail_views
from wagtail.models import Page

from cms.pages.models import ContactPage
from cms.pages.services import (
    NewsletterError,
    is_spam,
    newsletter_address,
    subscribe_to_newsletter,
)
from site_apps.security.limits import retry_after
from site_apps.security.redirects import is_safe_next


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or "/"
    return target if is_safe_next(target, request) else "/"


@require_POST
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    error = ""
    wait = None
    if not is_spam(request.POST):
        # Only a sign-up that would be kept counts towards the limits: a mistyped address is
        # corrected, not held against the visitor.
        try:
            address = newsletter_address(request.POST.get("email", ""))
        except NewsletterError as problem:
            error = str(problem)
        else:
            wait = retry_after("newsletter", request, address)
            if wait is not None:
                error = _(
                    "Too many sign-ups in a short time. Please try again in %(minutes)s minutes."
                ) % {"minutes": max(1, round(wait / 60))}
            else:
                subscribe_to_newsletter(address, source=next_url)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"error": error, "email": request.POST.get("email", "")}
        template = (
            "components/newsletter_form.html" if error else "components/newsletter_thanks.html"
        )
        # htmx swaps only 2xx answers: the form comes back with its error message.
        response = render(request, template, context)
    else:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Thanks! You're on the list."))
        response = HttpResponseRedirect(next_url)
    if wait is not None:
        response["Retry-After"] = str(wait)
    return response


@require_GET
def csrf_token_view(request: HttpRequest) -> JsonResponse:
    """A CSRF token (and its cookie) for a form on a cached page; never stored anywhere."""
    response = JsonResponse({"token": get_token(request)})
    response["Cache-Control"] = "private, no-store"
    return response


# Why Django refused a post when all that was missing is the token a cached page leaves out.
_TOKEN_ABSENT = (REASON_NO_CSRF_COOKIE, REASON_CSRF_TOKEN_MISSING)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the public forms again with a token, when a post only lacked one."""
    again = _form_to_send_again(request) if reason in _TOKEN_ABSENT else None
    if again is None:
        return django_csrf.csrf_failure(request, reason=reason)
    again["Cache-Control"] = "private, no-store"
    return again


def _form_to_send_again(request: HttpRequest) -> HttpResponse | None:
    match = request.resolver_match
    note = _("For your security, please check the form and send it again.")
    if match is None:
        return None
    if match.func is newsletter_signup:
        context = {
            "email": request.POST.get("email", "")[:254],
            "next": _safe_next(request),
            "note": note,
        }
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "components/newsletter_form.html", context, status=403)
        return render(request, "pages/newsletter_send_again.html", context, status=403)
    if match.func is wagtail_views.serve:
        path = match.kwargs.get("path", match.args[0] if match.args else "")
        return _contact_form_again(request, path, note)
    return None


def _contact_form_again(request: HttpRequest, path: str, note: str) -> HttpResponse | None:
    route = Page.route_for_request(request, path)
    page: Any = route[0].specific if route else None
    if not isinstance(page, ContactPage):
        return None
    typed = {name: request.POST.get(name, "") for name in request.POST if name != "website"}
    context = page.get_context(request)
    context |= {"form": page.get_form(initial=typed, page=page, user=request.user), "note": note}
    response = TemplateResponse(request, page.get_template(request), context, status=403)
    return response.render()
