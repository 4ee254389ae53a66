"""The phone section of the account page: thin views that parse, call a service and render.

Each form works as a plain POST (a redirect back to the page it came from, or the phone page
with the error) and, with htmx, as a swap of the section (`sms/phone.html#section`). The same
section is embedded in the profile page with `{% phone_section %}`.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.views import verify_phone
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from site_apps.billing.offers import pricing_url
from site_apps.common.users import AuthenticatedHttpRequest
from site_apps.sms import selectors, services
from site_apps.sms.forms import CodeForm, PhoneForm
from site_apps.sms.policy import SmsRefused

PAGE = "sms/phone.html"
# Set when a code is asked for without JavaScript: the page the redirect leads to focuses the
# code field, once.
FOCUS_CODE = "sms_focus_code"


def client_ip(request: HttpRequest) -> str:
    """The client's address as the sign-in limits see it (allauth's, proxy-aware)."""
    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return ""


def next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("sms:phone")


def section_context(request: AuthenticatedHttpRequest, **extra: Any) -> dict[str, Any]:
    """What `sms/phone.html#section` needs; also used by the `{% phone_section %}` tag.

    The code field takes the focus only just after a code was asked for (`focus_code`, or the
    flag a plain POST leaves for the page it redirects to), never on htmx's polls of the
    section or a later visit, which would pull the keyboard away from where the person is."""
    focus_code = extra.pop("focus_code", False)
    if not getattr(request, "htmx", False) and hasattr(request, "session"):
        focus_code = request.session.pop(FOCUS_CODE, False) or focus_code
    context: dict[str, Any] = {
        "phone": selectors.phone_section(request.user),
        "phone_form": PhoneForm(language=get_language()),
        "code_form": CodeForm(focus=focus_code),
        "next": extra.pop("next", None) or next_url(request),
        "pricing_url": pricing_url(),
    }
    context.update(extra)
    return context


def _render(request: AuthenticatedHttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    context = section_context(request, **extra)
    if getattr(request, "htmx", False):
        # htmx swaps only 2xx answers: the section carries the error itself.
        return render(request, f"{PAGE}#section", context)
    return render(request, PAGE, context, status=status)


def _done(
    request: AuthenticatedHttpRequest, notice: str, *, focus_code: bool = False
) -> HttpResponse:
    """The section after a change: swapped in place (htmx), or a redirect with the notice.
    `focus_code`: a code is on its way, so the keyboard goes to its field."""
    if getattr(request, "htmx", False):
        return _render(request, notice=notice, focus_code=focus_code)
    messages.success(request, notice)
    if focus_code:
        request.session[FOCUS_CODE] = True
    return redirect(next_url(request))


def _refused(request: AuthenticatedHttpRequest, error: SmsRefused, **forms: Any) -> HttpResponse:
    status = 429 if error.retry_at else 400
    return _render(request, status, error=str(error), **forms)


@login_required
@require_GET
def phone(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render(request)


@login_required
@require_POST
def request_code(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PhoneForm(request.POST, language=get_language())
    if not form.is_valid():
        return _render(request, 400, phone_form=form)
    try:
        services.request_code(
            request.user,
            phone=form.cleaned_data["phone"],
            client_ip=client_ip(request),
            language=get_language(),
        )
    except SmsRefused as error:
        form.add_error("phone", str(error))
        return _render(request, 429 if error.retry_at else 400, phone_form=form)
    return _done(request, _("We are sending you a code by text message."), focus_code=True)


@login_required
@require_POST
def resend_code(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        services.resend_code(request.user, client_ip=client_ip(request), language=get_language())
    except SmsRefused as error:
        return _refused(request, error)
    return _done(
        request,
        _("We are sending you a new code. The earlier one no longer works."),
        focus_code=True,
    )


@login_required
@require_POST
def confirm_code(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _render(request, 400, code_form=form)
    try:
        services.confirm_code(request.user, code=form.cleaned_data["code"])
    except SmsRefused as error:
        form.add_error("code", str(error))
        return _render(request, 429 if error.retry_at else 400, code_form=form)
    return _done(request, _("Your phone number is verified."))


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.cancel_verification(request.user)
    return _done(request, _("No code is waiting any more. You can enter another number."))


@login_required
@require_POST
def remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.remove_phone(request.user)
    return _done(request, _("Your phone number is removed from your account."))


@require_http_methods(["GET", "POST"])
def allauth_verify_phone(request: HttpRequest) -> HttpResponse:
    """allauth's phone step of sign-up for visitors; signed-in people verify a number on the
    account page (one way to do it)."""
    if request.user.is_authenticated:
        return redirect("sms:phone")

    return verify_phone(request)
