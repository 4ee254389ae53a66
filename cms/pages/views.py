"""The newsletter sign-up endpoint behind the newsletter block (plain POST or htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.pages.services import NewsletterError, is_spam, subscribe_to_newsletter
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
        wait = retry_after("newsletter", request, request.POST.get("email", "")[:254])
        if wait is not None:
            error = _(
                "Too many sign-ups in a short time. Please try again in %(minutes)s minutes."
            ) % {"minutes": max(1, round(wait / 60))}
        else:
            try:
                subscribe_to_newsletter(request.POST.get("email", ""), source=next_url)
            except NewsletterError as problem:
                error = str(problem)
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
