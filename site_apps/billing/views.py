"""Billing pages: thin views that parse, call a service and render.

Checkout is two steps: the pricing page links to a confirmation page (GET, so the link works
signed out and through sign-in), whose form POSTs to start Stripe Checkout for a team the person
manages; Stripe sends them back to the success or cancel page.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from site_apps.billing import entitlements, gateway, selectors, services
from site_apps.billing.offers import (
    BILLING_PERIODS,
    PlanOffer,
    plan_with_prices,
    plans_with_prices,
    pricing_url,
)
from site_apps.common.compat import override_csp
from site_apps.common.users import AuthenticatedHttpRequest
from site_apps.experiments import services as experiments
from site_apps.experiments.goals import CHECKOUT_COMPLETED
from site_apps.teams import policy, selectors as team_selectors
from site_apps.teams.current import pick_current
from site_apps.teams.models import Membership
from site_apps.teams.views import actor_or_404


def allow_stripe_redirects(response: HttpResponse) -> HttpResponse:
    """Let this page's forms lead on to Stripe: browsers apply CSP's form-action to the
    redirect that follows a form's POST, and ours allows only our own origin."""
    policy_ = dict(settings.SECURE_CSP)
    policy_["form-action"] = [CSP.SELF, *gateway.redirect_origins()]
    override_csp(response, policy_)
    return response


def _offer_or_404(request: HttpRequest) -> tuple[PlanOffer, str]:
    source = request.POST if request.method == "POST" else request.GET
    offer = plan_with_prices(source.get("plan", ""))
    billing = source.get("billing", "monthly")
    if offer is None or billing not in BILLING_PERIODS:
        raise Http404(_("No such plan."))
    return offer, billing


def _checkout_page(
    request: HttpRequest, offer: PlanOffer, billing: str, status: int = 200, **extra: Any
) -> HttpResponse:
    memberships = list(team_selectors.memberships_of(request.user))
    managed = [m for m in memberships if policy.can_manage_billing(m)]
    current = pick_current(memberships, request)
    chosen = current if current in managed else (managed[0] if managed else None)
    refusal = ""
    if memberships and not managed:
        # Said before whether payments work here: it is what this person can do something about.
        refusal = _(
            "Only a team's owners and admins can subscribe it to a plan. Ask an owner or admin "
            "of your team."
        )
    context = {
        "offer": offer,
        "billing": billing,
        "price": offer.price_for(billing),
        "available": offer.checkout_available(billing),
        "memberships": memberships,
        "managed": managed,
        "chosen": chosen,
        "refusal": refusal,
        # A single team's own trial; with several to choose from, the page says the rule.
        "trial_days": selectors.trial_days_for(chosen.team) if chosen else 0,
        "trial_rule_days": settings.BILLING_TRIAL_DAYS,
        "attempt": secrets.token_urlsafe(16),
        **extra,
    }
    if refusal and status == 200:
        status = 403
    return allow_stripe_redirects(render(request, "billing/checkout.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    offer, billing = _offer_or_404(request)
    if offer.price_for(billing).is_free:
        # Nothing to pay: every team is on the free plan until it subscribes.
        return redirect("teams:home")
    if request.method == "GET" or not offer.checkout_available(billing):
        return _checkout_page(request, offer, billing)
    actor = team_selectors.membership_in(request.user, request.POST.get("team", ""))
    if actor is None:
        return _checkout_page(request, offer, billing, 400, error=_("Choose one of your teams."))
    success = request.build_absolute_uri(reverse("billing:success"))
    cancel = request.build_absolute_uri(reverse("billing:cancel"))
    try:
        started = services.start_checkout(
            actor,
            price_id=offer.price_id(billing),
            attempt=request.POST.get("attempt", "")[:64] or secrets.token_urlsafe(16),
            success_url=f"{success}?session_id={{CHECKOUT_SESSION_ID}}",
            cancel_url=f"{cancel}?plan={offer.plan.slug}&billing={billing}",
        )
    except policy.TeamPermissionDenied as error:
        return _checkout_page(request, offer, billing, 403, error=str(error))
    except services.AlreadySubscribed as error:
        return _checkout_page(
            request, offer, billing, 409, error=str(error), billing_team=actor.team
        )
    except services.BillingError as error:
        return _checkout_page(request, offer, billing, 400, error=str(error))
    except gateway.BillingProviderError:
        message = _("We could not reach our payment provider. Please try again in a minute.")
        return _checkout_page(request, offer, billing, 502, error=message)
    return HttpResponseRedirect(started.url, status=303)


@login_required
@require_GET
def checkout_success(request: AuthenticatedHttpRequest) -> HttpResponse:
    session_id = request.GET.get("session_id", "")
    if not session_id.startswith("cs_"):
        raise Http404(_("No such checkout."))
    try:
        actor, subscription = services.checkout_return(request.user, session_id=session_id)
    except gateway.NotFoundAtStripe as error:
        raise Http404(_("No such checkout.")) from error
    except services.BillingError as error:
        return render(request, "billing/success.html", {"error": str(error)}, status=403)
    except gateway.BillingProviderError:
        subscription, actor = None, None
    if subscription is not None:
        # A goal of A/B tests: counted once per visitor who saw a tested page.
        experiments.record_goal(request, event=CHECKOUT_COMPLETED)
    plan = (
        selectors.plan_for_price(subscription.price_stripe_id, get_language())
        if subscription
        else None
    )
    context = {
        "actor": actor,
        "team": actor.team if actor else None,
        "subscription": subscription,
        "plan": plan,
    }
    return render(request, "billing/success.html", context)


@require_GET
def checkout_cancel(request: HttpRequest) -> HttpResponse:
    offer = plan_with_prices(request.GET.get("plan", ""))
    billing = request.GET.get("billing", "monthly")
    return render(request, "billing/cancel.html", {"offer": offer, "billing": billing})


def _billing_page(
    request: HttpRequest, actor: Membership, status: int = 200, **extra: Any
) -> HttpResponse:
    billing = selectors.team_billing(actor.team, get_language())
    # Without an entitled subscription or a plan granted by the operator a team is on the
    # free plan: the page says what that includes and offers the paid plans (their buttons
    # lead to Checkout or say why not).
    offers = [] if billing.paying or billing.grant else plans_with_prices()
    context = {
        "team": actor.team,
        "actor": actor,
        "billing": billing,
        "free_plan": next((o for o in offers if o.monthly.is_free), None),
        # What the team's plan gives, from the limits the site enforces (as /pricing/ lists).
        "included": entitlements.plan_of(actor.team).included(),
        "paid_plans": [o for o in offers if not o.monthly.is_free],
        "can_manage_billing": bool(policy.can_manage_billing(actor)),
        "payments_configured": gateway.is_configured(),
        "pricing_url": pricing_url() or "/",
        "attempt": secrets.token_urlsafe(16),
        **extra,
    }
    response = render(request, "billing/team_billing.html", context, status=status)
    return allow_stripe_redirects(response)


@login_required
@require_GET
def team_billing(request: HttpRequest, slug: str) -> HttpResponse:
    return _billing_page(request, actor_or_404(request, slug))


@login_required
@require_POST
def customer_portal(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_or_404(request, slug)
    return_url = request.build_absolute_uri(reverse("billing:team", args=[actor.team.slug]))
    try:
        url = services.portal_url(
            actor, return_url=return_url, attempt=request.POST.get("attempt", "")[:64]
        )
    except policy.TeamPermissionDenied as error:
        return _billing_page(request, actor, 403, error=str(error))
    except services.BillingError as error:
        return _billing_page(request, actor, 400, error=str(error))
    except (gateway.BillingProviderError, gateway.BillingNotConfigured):
        message = _("We could not reach our payment provider. Please try again in a minute.")
        return _billing_page(request, actor, 502, error=message)
    return HttpResponseRedirect(url, status=303)
