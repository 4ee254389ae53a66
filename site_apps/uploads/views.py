"""The team's "Files" tab and the local signed download view.

The tab works without JavaScript (a multipart form, a confirmation page for delete); with
JavaScript, `static/js/uploads.js` adds drag and drop and a progress bar and swaps the
`files` fragment. Downloads go through `download`, which checks the member then redirects to
a short-lived link (presigned on S3; `serve_signed` locally).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from site_apps.billing import entitlements
from site_apps.billing.plans import size_display
from site_apps.common.users import AuthenticatedHttpRequest
from site_apps.teams.models import Membership
from site_apps.teams.policy import TeamPermissionDenied, can_manage_billing
from site_apps.teams.views import actor_or_404, tab_response
from site_apps.uploads import gateway, policy, selectors, services
from site_apps.uploads.forms import UploadForm
from site_apps.uploads.inspection import FileTooLarge, UploadRefused
from site_apps.uploads.models import Upload

TEMPLATE = "uploads/team_files.html"


@require_GET
def serve_signed(request: HttpRequest, token: str) -> FileResponse:
    """A private file behind a signed, expiring link (local storage only; S3 presigns)."""
    signed = gateway.unsign(token)
    if signed is None:
        raise Http404(_("This link has expired. Go back to the files page for a new one."))
    try:
        handle = gateway.open_local(signed.key)
    except (gateway.StorageUnavailable, FileNotFoundError) as error:
        raise Http404(_("This file is gone.")) from error
    response = FileResponse(
        handle, content_type=signed.content_type if signed.inline else "application/octet-stream"
    )
    response["Content-Disposition"] = gateway.content_disposition(
        signed.filename, inline=signed.inline
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=60)
    return response


def rows(actor: Membership) -> list[dict[str, Any]]:
    out = []
    for upload in selectors.team_uploads(actor.team):
        thumbnail = None
        if "thumbnail" in upload.variants:
            thumbnail = services.download_link(actor, upload=upload, variant="thumbnail").url
        out.append(
            {
                "upload": upload,
                "thumbnail": thumbnail,
                "can_delete": policy.can_delete(actor, uploader_id=upload.author_id),
            }
        )
    return out


def files_context(actor: Membership, **extra: Any) -> dict[str, Any]:
    team = actor.team
    stored = selectors.stored_bytes(team)
    plan = entitlements.plan_of(team)
    context = {
        "team": team,
        "actor": actor,
        "rows": rows(actor),
        "form": UploadForm(),
        "stored": stored,
        "storage_limit": size_display(plan.upload_storage) if plan.upload_storage else None,
        "max_file": size_display(plan.upload_max_file),
        "uploads_allowed": entitlements.team_can(team, "uploads"),
        # A refusal a bigger plan would lift links to the plan for those who can change it,
        # as the member and API key limits do.
        "can_upgrade": bool(can_manage_billing(actor)),
    }
    context.update(extra)
    return context


def answer(
    request: HttpRequest, actor: Membership, status: int = 200, **extra: Any
) -> HttpResponse:
    return tab_response(request, TEMPLATE, "files", files_context(actor, **extra), status)


@login_required
@require_GET
def team_files(request: HttpRequest, slug: str) -> HttpResponse:
    return answer(request, actor_or_404(request, slug))


@login_required
@require_POST
def upload(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    actor = actor_or_404(request, slug)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return answer(request, actor, 400, form=form)
    file = form.cleaned_data["file"]
    try:
        services.upload_file(actor, file=file, name=file.name, user=request.user)
    except (TeamPermissionDenied, UploadRefused, gateway.StorageUnavailable) as error:
        status = 503 if isinstance(error, gateway.StorageUnavailable) else 400
        form.add_error("file", str(error))
        plan_refusal = isinstance(error, (entitlements.PlanLimitReached, FileTooLarge))
        return answer(request, actor, status, form=form, plan_refusal=plan_refusal)
    if not getattr(request, "htmx", False):
        messages.success(request, _("“%(name)s” is uploaded.") % {"name": file.name})
        return redirect("uploads:list", slug=slug)
    return answer(request, actor, notice=_("“%(name)s” is uploaded.") % {"name": file.name})


def upload_or_404(actor: Membership, pk: int) -> Upload:
    found = selectors.upload_in_team(actor.team, pk)
    if found is None:
        raise Http404(_("No such file."))
    return found


@login_required
@require_GET
def download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    actor = actor_or_404(request, slug)
    try:
        link = services.download_link(actor, upload=upload_or_404(actor, pk))
    except gateway.StorageUnavailable as error:
        return answer(request, actor, 503, error=str(error))
    response = redirect(link.url)
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET: the confirmation page (no JavaScript needed); POST: delete."""
    actor = actor_or_404(request, slug)
    item = upload_or_404(actor, pk)
    decision = policy.can_delete(actor, uploader_id=item.author_id)
    if not decision:
        return answer(request, actor, 403, error=decision.reason)
    if request.method == "GET":
        return render(request, "uploads/delete_confirm.html", {"team": actor.team, "upload": item})
    services.delete_upload(actor, upload=item)
    notice = _("“%(name)s” is deleted.") % {"name": item.original_name}
    if getattr(request, "htmx", False):
        return answer(request, actor, notice=notice)
    messages.success(request, notice)
    return redirect("uploads:list", slug=slug)
