"""Team pages: thin views that parse, call a service and render.

Every team URL is reached through the visitor's own membership (`membership_in`), so another
team's pages, fragments and rows answer 404 as if they did not exist. Each form works as a plain
POST with a redirect, and with htmx as a swap of one `{% partialdef %}` of the settings page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap
from django_htmx.middleware import HtmxDetails

from site_apps.common.users import AuthenticatedHttpRequest
from site_apps.security.redirects import is_safe_next
from site_apps.teams import plan, policy, selectors, services
from site_apps.teams.current import pick_current, remember_team
from site_apps.teams.forms import InviteForm, RoleForm, SwitchTeamForm, TeamNameForm
from site_apps.teams.models import Invitation, Membership, Role

SETTINGS_TEMPLATE = "teams/team_settings.html"


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (for type checking)."""

    htmx: HtmxDetails


@dataclass
class MemberRow:
    """One line of the member list, with what the viewer may do to it."""

    membership: Membership
    is_you: bool
    role_choices: list[tuple[str, Any]]
    can_remove: bool


def actor_or_404(request: HttpRequest, slug: str) -> Membership:
    actor = selectors.membership_in(request.user, slug)
    if actor is None:
        raise Http404(_("No such team."))
    return actor


def tab_response(
    request: HttpRequest, template: str, fragment: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A settings tab that keeps a secret or a person's files (API keys, files): its fragment
    for htmx, the whole tab otherwise, and never cached. A fragment with an error keeps its
    status (400, 403) and says how it swaps, so site.js lets htmx show it (docs/htmx.md)."""
    htmx = getattr(request, "htmx", False)
    response = render(
        request, f"{template}#{fragment}" if htmx else template, context, status=status
    )
    if htmx and status >= 400:
        reswap(response, "outerHTML")
    add_never_cache_headers(response)
    return response


def member_rows(actor: Membership, members: list[Membership], owners: int) -> list[MemberRow]:
    rows = []
    for member in members:
        choices = [
            (value, label)
            for value, label in Role.choices
            if value == member.role or policy.can_change_role(actor, member, value, owners)
        ]
        rows.append(
            MemberRow(
                membership=member,
                is_you=member.pk == actor.pk,
                role_choices=choices if len(choices) > 1 else [],
                can_remove=member.pk != actor.pk
                and bool(policy.can_remove_member(actor, member, owners)),
            )
        )
    return rows


def settings_context(actor: Membership, **extra: Any) -> dict[str, Any]:
    can_manage = bool(policy.can_manage_members(actor))
    roles = policy.invitable_roles(actor)
    members = selectors.team_members(actor.team)
    owners = sum(1 for m in members if m.role == Role.OWNER)
    context = {
        "team": actor.team,
        "actor": actor,
        "can_manage": can_manage,
        "rows": member_rows(actor, members, owners),
        # The last owner is told here why they cannot leave, not offered a page that refuses.
        "leave": policy.can_leave(actor, owners),
        "invitations": list(selectors.pending_invitations(actor.team)) if can_manage else [],
        # Room for one more person under the team's plan (told before anyone types an email).
        "seat_limit": plan.member_room(actor.team, in_use=selectors.seats_taken(actor.team))
        if can_manage
        else policy.ALLOW,
        "invite_form": InviteForm(roles=roles, prefix="invite"),
        "name_form": TeamNameForm(initial={"name": actor.team.name}, prefix="team"),
    }
    context.update(extra)
    return context


def refusal(
    request: HtmxHttpRequest, actor: Membership, error: Exception, status: int
) -> HttpResponse:
    """Show why an action was refused: in the page's alert area for htmx, else on the page."""
    context = settings_context(actor, error=str(error))
    if request.htmx:
        response = render(request, f"{SETTINGS_TEMPLATE}#alerts", context, status=status)
        response["HX-Retarget"] = "#team-alerts"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, SETTINGS_TEMPLATE, context, status=status)


def done(request: HtmxHttpRequest, actor: Membership, partial: str, notice: str) -> HttpResponse:
    """After a change: the updated fragment for htmx, a redirect (with a message) otherwise."""
    if request.htmx:
        context = settings_context(actor, notice=notice)
        return render(request, f"{SETTINGS_TEMPLATE}#{partial}", context)
    messages.success(request, notice)
    return redirect(actor.team.get_absolute_url())


def form_again(
    request: HtmxHttpRequest, actor: Membership, partial: str, **forms: Any
) -> HttpResponse:
    """A form with errors: its fragment again for htmx, the whole page otherwise."""
    template = f"{SETTINGS_TEMPLATE}#{partial}" if request.htmx else SETTINGS_TEMPLATE
    return render(request, template, settings_context(actor, **forms))


@login_required
@require_GET
def team_home(request: HttpRequest) -> HttpResponse:
    """Where sign-in lands: the current team's page, or making a first team."""
    current = pick_current(list(selectors.memberships_of(request.user)), request)
    if current is None:
        return redirect("teams:create")
    return redirect(current.team.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TeamNameForm(request.POST or None, prefix="team")
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(request.user, name=form.cleaned_data["name"])
        except services.TeamError as error:
            form.add_error("name", str(error))
        else:
            remember_team(request, team)
            messages.success(request, _("Your team %(name)s is ready.") % {"name": team.name})
            return redirect(team.get_absolute_url())
    has_teams = selectors.memberships_of(request.user).exists()
    return render(request, "teams/team_create.html", {"form": form, "has_teams": has_teams})


@login_required
@require_POST
def team_switch(request: HttpRequest) -> HttpResponse:
    form = SwitchTeamForm(request.POST)
    if not form.is_valid():
        raise Http404(_("No such team."))
    actor = actor_or_404(request, form.cleaned_data["team"])
    remember_team(request, actor.team)
    next_url = form.cleaned_data["next"]
    if is_safe_next(next_url, request):
        return redirect(next_url)
    return redirect(actor.team.get_absolute_url())


@login_required
@require_GET
def team_settings(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_or_404(request, slug)
    remember_team(request, actor.team)
    return render(request, SETTINGS_TEMPLATE, settings_context(actor))


@login_required
@require_POST
def team_rename(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    actor = actor_or_404(request, slug)
    form = TeamNameForm(request.POST, prefix="team")
    try:
        policy.can_rename_team(actor).require()
        if form.is_valid():
            services.rename_team(actor, team=actor.team, name=form.cleaned_data["name"])
            return done(
                request,
                actor,
                "name",
                _("The team is now called %(name)s.") % {"name": actor.team.name},
            )
    except policy.TeamPermissionDenied as error:
        return refusal(request, actor, error, 403)
    except services.TeamError as error:
        form.add_error("name", str(error))
    return form_again(request, actor, "name", name_form=form)


def invitation_notice(invitation: Invitation, replaced: Invitation | None) -> str:
    """What sending said: a new invitation to someone already invited replaces theirs, and a
    different role changes what they join as, so the person inviting is told both."""
    values = {"email": invitation.email, "role": invitation.get_role_display()}
    if replaced is None:
        return _("Invitation sent to %(email)s.") % values
    if replaced.role != invitation.role:
        values["old_role"] = replaced.get_role_display()
        return (
            _(
                "Invitation sent to %(email)s again, now as %(role)s instead of %(old_role)s; "
                "the earlier link no longer works."
            )
            % values
        )
    return _("Invitation sent to %(email)s again; the earlier link no longer works.") % values


@login_required
@require_POST
def team_invite(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    actor = actor_or_404(request, slug)
    form = InviteForm(request.POST, roles=policy.invitable_roles(actor) or None, prefix="invite")
    try:
        policy.can_manage_members(actor).require()
        if form.is_valid():
            replaced = selectors.pending_invitation_to(actor.team, form.cleaned_data["email"])
            invitation = services.invite_member(
                actor,
                team=actor.team,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
            return done(request, actor, "invitations", invitation_notice(invitation, replaced))
    except plan.PlanLimitReached as error:
        # The plan filled up since the page was drawn (another tab, a colleague): the form
        # gives way to the plan's notice, which says this invitation was not sent.
        form.add_error(None, str(error))
        return form_again(
            request, actor, "invitations", invite_form=form, not_sent=form.cleaned_data["email"]
        )
    except services.InvitationNotSent as error:
        # Said beside the form, in words for people (the mail server's are logged).
        form.add_error(None, error.public_message)
    except policy.TeamPermissionDenied as error:
        return refusal(request, actor, error, 403)
    except services.TeamError as error:
        form.add_error("email", str(error))
    return form_again(request, actor, "invitations", invite_form=form)


@login_required
@require_POST
def invitation_revoke(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = actor_or_404(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, team=actor.team)
    try:
        services.revoke_invitation(actor, invitation=invitation)
    except policy.TeamPermissionDenied as error:
        return refusal(request, actor, error, 403)
    except services.TeamError as error:
        return refusal(request, actor, error, 409)
    return done(
        request,
        actor,
        "invitations",
        _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email},
    )


@login_required
@require_POST
def member_role(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = actor_or_404(request, slug)
    target = get_object_or_404(Membership.objects.select_related("user"), pk=pk, team=actor.team)
    form = RoleForm(request.POST)
    if not form.is_valid():
        problem = services.TeamError(_("Choose one of the roles offered."))
        return refusal(request, actor, problem, 400)
    try:
        services.change_role(actor, target=target, new_role=form.cleaned_data["role"])
    except policy.TeamPermissionDenied as error:
        return refusal(request, actor, error, 403)
    if target.pk == actor.pk:
        actor.refresh_from_db(fields=["role"])
    notice = _("%(person)s is now %(role)s.") % {
        "person": target.user.email,
        "role": target.get_role_display().lower(),
    }
    return done(request, actor, "members", notice)


@login_required
@require_POST
def member_remove(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = actor_or_404(request, slug)
    target = get_object_or_404(Membership.objects.select_related("user"), pk=pk, team=actor.team)
    if target.pk == actor.pk:
        return redirect("teams:leave", slug=slug)
    try:
        services.remove_member(actor, target=target)
    except policy.TeamPermissionDenied as error:
        return refusal(request, actor, error, 403)
    return done(
        request,
        actor,
        "members",
        _("%(person)s was removed from the team.") % {"person": target.user.email},
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_leave(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_or_404(request, slug)
    owners = selectors.owner_count(actor.team)
    decision = policy.can_leave(actor, owners)
    if request.method == "POST":
        try:
            services.leave_team(actor)
        except policy.TeamPermissionDenied as error:
            decision = policy.Decision(False, str(error))
        else:
            messages.success(request, _("You left %(name)s.") % {"name": actor.team.name})
            return redirect("teams:home")
    status = 200 if decision or request.method == "GET" else 403
    return render(
        request, "teams/team_leave.html", {"team": actor.team, "decision": decision}, status=status
    )


@require_http_methods(["GET", "POST"])
def invitation_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation email links to: says what it is, and accepts it when asked."""
    invitation = selectors.invitation_for_token(token)
    user = request.user if request.user.is_authenticated else None
    error = ""
    try:
        services.check_invitation(invitation, user=user)
    except services.TeamError as problem:
        error = str(problem)
    if request.method == "POST" and not error:
        if user is None:
            return redirect_to_login(request.get_full_path())
        try:
            membership = services.accept_invitation(user, token=token)
        except (services.TeamError, plan.PlanLimitReached) as problem:
            error = str(problem)
        else:
            remember_team(request, membership.team)
            messages.success(request, _("Welcome to %(name)s.") % {"name": membership.team.name})
            return redirect(membership.team.get_absolute_url())
    context = {"invitation": invitation if invitation else None, "error": error, "token": token}
    return render(request, "teams/invitation.html", context, status=400 if error else 200)
