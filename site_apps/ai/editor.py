"""wagtail-ai's and wagtail-localize's admin endpoints, answered through the AI gateway.

wagtail-ai's editor controls (the rich-text AI menu, the Generate buttons beside page titles,
descriptions and image fields, content feedback) post to its admin URLs; these views take
those URLs (registered first, see wagtail_hooks.py) and keep its request and response shapes
and its prompt building, but send every model call through `services.ask_model` with the
editor as the actor: switches, rate limits, the budget and the audit list apply to all of them.
Unlike wagtail-ai's own agent views, they keep Django's CSRF protection.

The translation editor's machine-translate button is taken over the same way, so a refusal or
a provider timeout becomes a message on the page instead of an error.
"""

from __future__ import annotations

import json
import os
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.permissions import policy_registry
from wagtail_ai.agents.basic_prompt import BasicPromptAgent
from wagtail_ai.agents.content_feedback import ContentFeedbackAgent
from wagtail_ai.forms import PromptForm
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.views.edit_translation import apply_machine_translation

from site_apps.ai import services
from site_apps.ai.models import Feature
from site_apps.ai.translator import GatewayTranslator
from site_apps.common.users import Caller

# Longer text than this is refused before any call (about 4,000 tokens).
MAX_TEXT_CHARS = 16_000


def site_for(request: HttpRequest) -> Site | None:
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


class GatewayPromptAgent(BasicPromptAgent):
    """wagtail-ai's prompt agent (titles, descriptions, image text), its model call ours."""

    def __init__(self, *, actor: Caller, site: Site | None) -> None:
        self.actor = actor
        self.site = site

    def _get_result(self, messages: list[dict[str, Any]]) -> str:
        has_image = bool(self.context.get("image"))
        return services.ask_model(
            self.actor,
            site=self.site,
            feature=Feature.IMAGE_TEXT if has_image else Feature.WRITING,
            messages=messages,
            vision=has_image,
        )


class GatewayFeedbackAgent(ContentFeedbackAgent):
    """wagtail-ai's content feedback (in the page editor's checks panel), its model call ours."""

    def __init__(self, *, actor: Caller, site: Site | None) -> None:
        self.actor = actor
        self.site = site

    def _get_result(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        return services.ask_model_for_json(
            self.actor, site=self.site, feature=Feature.WRITING, messages=messages
        )


def _refused(error: services.AiRefused) -> JsonResponse:
    return JsonResponse({"error": str(error)}, status=503)


@require_POST
def text_completion(request: HttpRequest) -> JsonResponse:
    """The rich-text editor's AI menu: a stored prompt applied to the selected text."""
    form = PromptForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": form.errors_for_json_response()}, status=400)
    text = form.cleaned_data["text"]
    if len(text) > MAX_TEXT_CHARS:
        return JsonResponse(
            {"error": _("This text is too long for AI assistance: select a shorter part.")},
            status=400,
        )
    prompt = form.cleaned_data["prompt"]
    try:
        answer = services.ask_model(
            request.user,
            site=site_for(request),
            feature=Feature.WRITING,
            messages=[
                {"role": "system", "content": prompt.prompt_value},
                {"role": "user", "content": text},
            ],
        )
    except services.AiRefused as error:
        return _refused(error)
    # Like wagtail-ai: no blank lines in what goes back into the editor.
    return JsonResponse({"message": os.linesep.join(s for s in answer.splitlines() if s)})


def _arguments(request: HttpRequest) -> dict[str, Any] | None:
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    arguments = data.get("arguments") if isinstance(data, dict) else None
    return arguments if isinstance(arguments, dict) else None


def _bad_arguments() -> JsonResponse:
    return JsonResponse(
        {"error": _("The request's arguments are missing or malformed.")}, status=400
    )


@require_POST
def basic_prompt(request: HttpRequest) -> JsonResponse:
    """The Generate buttons: page titles and descriptions, image titles and alt text."""
    arguments = _arguments(request)
    prompt, context = (arguments or {}).get("prompt"), (arguments or {}).get("context")
    if not isinstance(prompt, str) or not isinstance(context, dict):
        return _bad_arguments()
    if len(prompt) + sum(len(str(v)) for v in context.values() if v) > 20 * MAX_TEXT_CHARS:
        return _bad_arguments()
    image = context.get("image")
    if image and str(image).isdigit() and not _may_choose_image(request.user, int(image)):
        return JsonResponse({"error": _("You may not use this image.")}, status=403)
    agent = GatewayPromptAgent(actor=request.user, site=site_for(request))
    try:
        result = agent.execute(prompt=prompt, context=context)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    except services.AiRefused as error:
        return _refused(error)
    return JsonResponse({"status": "completed", "data": result})


def _may_choose_image(user: Caller, image_id: int) -> bool:
    model = get_image_model()
    image = model.objects.filter(pk=image_id).first()
    return image is not None and policy_registry.get_by_type(
        model
    ).user_has_permission_for_instance(user, "choose", image)


@require_POST
def content_feedback(request: HttpRequest) -> JsonResponse:
    """The page editor's "Get content feedback" (checks panel)."""
    arguments = _arguments(request)
    names = ("content_text", "content_html", "content_language", "editor_language")
    if arguments is None or not all(isinstance(arguments.get(n), str) for n in names):
        return _bad_arguments()
    if len(arguments["content_html"]) + len(arguments["content_text"]) > 4 * MAX_TEXT_CHARS:
        return JsonResponse({"error": _("This page is too long for content feedback.")}, status=400)
    agent = GatewayFeedbackAgent(actor=request.user, site=site_for(request))
    try:
        result = agent.execute(**{n: arguments[n] for n in names})
    except services.AiRefused as error:
        return _refused(error)
    return JsonResponse({"status": "completed", "data": result})


def not_available(request: HttpRequest) -> JsonResponse:
    """wagtail-ai actions Lumen does not offer: suggested content needs a vector index of the
    site's content, which Lumen does not build; the legacy image endpoint is replaced by the
    Generate buttons (`basic_prompt`)."""
    return JsonResponse({"error": _("This AI action is not available on this site.")}, status=404)


@require_POST
def machine_translate(request: HttpRequest, translation_id: int) -> HttpResponse:
    """The translation editor's machine-translate button: wagtail-localize's own steps, with the
    AI translator acting for this editor on this site, and its refusals shown as messages."""
    translator = get_machine_translator()
    if translator is None:
        raise Http404
    if isinstance(translator, GatewayTranslator):
        translator.actor, translator.site = request.user, site_for(request)
    try:
        done = apply_machine_translation(translation_id, request.user, translator)
    except services.AiRefused as error:
        messages.error(request, str(error))
    else:
        if done:
            messages.success(
                request,
                _("Translated with %(tool)s: review each string before publishing.")
                % {"tool": translator.display_name},
            )
        else:
            messages.warning(request, _("There isn't anything left to translate."))
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))
