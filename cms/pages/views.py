"""The newsletter sign-up endpoint behind the newsletter block (plain POST or htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.pages.services import NewsletterError, is_spam, subscribe_to_newsletter
from site_apps.security.redirects import is_safe_next


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or "/"
    return target if is_safe_next(target, request) else "/"


@require_POST
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    error = ""
    if not is_spam(request.POST):
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
        return render(request, template, context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Thanks! You're on the list."))
    return HttpResponseRedirect(next_url)
