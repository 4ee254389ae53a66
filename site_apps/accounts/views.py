"""The profile page, account deletion and the page for an account without access to the
admin; allauth serves the rest of the account pages."""

from __future__ import annotations

from typing import Any, cast

from allauth.account import views as allauth_views
from allauth.account.decorators import reauthentication_required
from allauth.account.views import LoginView
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from site_apps.accounts import services
from site_apps.accounts.forms import (
    DeleteAccountForm,
    ProfileForm,
    RequestReauthenticationCodeForm,
)
from site_apps.accounts.models import User
from site_apps.common.urls import home_url
from site_apps.security.redirects import is_safe_next
from site_apps.teams import policy as team_policy, selectors as team_selectors


@require_GET
def editors_only(request: HttpRequest) -> HttpResponse:
    """Where the Wagtail admin and the style guide send a visitor they refuse. Someone not
    signed in goes on to the sign-in page and back; someone signed in with an account that
    has no access is told so (403) and offered to sign out. allauth's sign-in page would send
    them straight back to the page that refused them: a redirect loop."""
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not is_safe_next(target, request):
        target = "/admin/"
    if not request.user.is_authenticated:
        return redirect_to_login(target, login_url=reverse("account_login"))
    sign_in_again = f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}"
    context = {"target": target, "sign_in_again": sign_in_again}
    return render(request, "accounts/editors_only.html", context, status=403)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    memberships = team_selectors.memberships_of(request.user)
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Asks for the email address as confirmation (and a recent sign-in, through allauth);
    refuses while the person is the only owner of a team others still use."""
    user = cast(User, request.user)
    decision = team_policy.can_delete_account(team_selectors.sole_owner_of_shared_teams(user))
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and decision and form.is_valid():
        try:
            services.delete_account(user)
        except team_policy.TeamPermissionDenied as error:
            decision = team_policy.Decision(False, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect(home_url())
    solo = list(team_selectors.teams_only_used_by(user).values_list("name", flat=True))
    context = {
        "form": form,
        "decision": decision,
        "solo_teams": solo,
        "solo_names": ", ".join(solo),
    }
    refused = request.method == "POST" and not decision
    return render(request, "accounts/delete.html", context, status=409 if refused else 200)


class SignInView(LoginView):
    """allauth's sign-in page, answering a lockout (too many failed tries) with 429 and
    Retry-After instead of a 200 that looks like any wrong password."""

    def form_invalid(self, form: Any) -> HttpResponseBase:
        response = super().form_invalid(form)
        lockout = getattr(self.request, "login_lockout", None)
        if lockout is not None:
            response.status_code = 429
            response["Retry-After"] = str(lockout.seconds)
        return response


class RequestReauthenticationCodeView(allauth_views.RequestReauthenticationCodeView):
    """allauth's "send me a code" step before a sensitive change, with a labelled field."""

    form_class = RequestReauthenticationCodeForm
