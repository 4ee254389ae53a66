"""The "API keys" tab of a team's settings: HTML views over the same services and rules as
the API (`TeamAPIKeyViewSet`) and the admin: `policy.can_manage_api_keys` for who may make
and revoke keys, `entitlements` for how many the plan allows.

Works without JavaScript (plain POSTs); with htmx a form swaps the `keys` fragment. A new key's
secret is shown in the response to its POST only: it is never stored, in the session or
anywhere else, so that page is not cached and a reload cannot show it again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from site_apps.api import selectors, services
from site_apps.api.forms import NewKeyForm
from site_apps.api.models import TeamAPIKey
from site_apps.billing import entitlements
from site_apps.common.users import AuthenticatedHttpRequest
from site_apps.teams import policy
from site_apps.teams.models import Membership
from site_apps.teams.services import TeamError
from site_apps.teams.views import actor_or_404, tab_response

TEMPLATE = "api/team_keys.html"


def keys_context(actor: Membership, **extra: Any) -> dict[str, Any]:
    can_manage = policy.can_manage_api_keys(actor)
    context = {
        "team": actor.team,
        "actor": actor,
        "can_manage": can_manage,
        "rows": selectors.team_keys_with_usage(actor.team),
        "key_limit": entitlements.team_can(
            actor.team, "api_keys", in_use=selectors.active_key_count(actor.team)
        )
        if can_manage
        else entitlements.ALLOW,
        "form": NewKeyForm(prefix="key") if can_manage else None,
    }
    context.update(extra)
    return context


def answer(
    request: HttpRequest, actor: Membership, status: int = 200, **extra: Any
) -> HttpResponse:
    """The keys fragment for htmx, the whole tab otherwise."""
    return tab_response(request, TEMPLATE, "keys", keys_context(actor, **extra), status)


@login_required
@require_GET
def team_keys(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_or_404(request, slug)
    return answer(request, actor)


@login_required
@require_POST
def key_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    actor = actor_or_404(request, slug)
    decision = policy.can_manage_api_keys(actor)
    if not decision:
        return answer(request, actor, 403, error=decision.reason)
    form = NewKeyForm(request.POST, prefix="key")
    if not form.is_valid():
        return answer(request, actor, 400, form=form)
    try:
        key, secret = services.issue_key(
            request.user,
            team=actor.team,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at,
        )
    except entitlements.PlanLimitReached as error:
        # The plan filled up since the page was drawn (another tab, a colleague): the form
        # gives way to the plan's notice, which says this key was not made.
        form.add_error(None, str(error))
        return answer(request, actor, 400, form=form, not_created=form.cleaned_data["name"])
    except TeamError as error:
        form.add_error(None, str(error))
        return answer(request, actor, 400, form=form)
    return answer(request, actor, 201, new_key=key, secret=secret)


@login_required
@require_POST
def key_revoke(request: AuthenticatedHttpRequest, slug: str, prefix: str) -> HttpResponse:
    actor = actor_or_404(request, slug)
    key = get_object_or_404(TeamAPIKey, team=actor.team, prefix=prefix)
    decision = policy.can_manage_api_keys(actor)
    if not decision:
        return answer(request, actor, 403, error=decision.reason)
    services.revoke_key(request.user, key=key)
    notice = _("The key %(name)s was revoked: it stops working at once.") % {"name": key.name}
    if getattr(request, "htmx", False):
        return answer(request, actor, notice=notice)
    messages.success(request, notice)
    return redirect("api_keys:list", slug=actor.team.slug)
