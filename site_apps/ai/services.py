"""The AI use case: one model call on an editor's behalf, within the site's rules.

Every AI feature (writing assistance, image text, machine translation) comes through
`ask_model`, which checks in order: the gateway is configured, the feature is switched on for
the site, the editor is within their rate (`AI_RATE_PER_USER`), and the site's monthly budget
has a call left (one conditional UPDATE, so two editors cannot both take the last call). Only
then does it call the gateway, outside any transaction, and record the call for the audit list.
A refusal or a provider failure becomes `AiRefused`, whose message is fit to show the editor.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import structlog
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from site_apps.ai import gateway, privacy
from site_apps.ai.models import AiSettings, Feature, ModelCall, MonthlyUsage
from site_apps.common.api.throttling import count_hit
from site_apps.common.errors import ApplicationError
from site_apps.common.users import Caller

if TYPE_CHECKING:
    pass

logger = structlog.get_logger(__name__)


class AiRefused(ApplicationError):
    """No answer from the model; the message says why, in words fit to show the editor."""

    code = "ai_refused"


def ask_model(
    actor: Caller | None,
    *,
    site: Site | None,
    feature: Feature,
    messages: list[dict[str, Any]],
    vision: bool = False,
    json_output: bool = False,
) -> str:
    """The model's answer to `messages`, asked for `actor` (a user, or None for the system)."""
    if not gateway.is_configured():
        raise AiRefused(_("AI assistance is not configured on this site."))
    site = site or Site.objects.filter(is_default_site=True).first()
    ai_settings = AiSettings.for_site(site) if site else AiSettings()
    call = ModelCall(
        site=site,
        user=actor if isinstance(actor, AbstractBaseUser) and actor.pk else None,
        feature=feature,
        model_name=gateway.model_name(vision=vision),
        prompt_excerpt=privacy.excerpt(prompt_text(messages)),
    )
    if not ai_settings.allows(feature):
        _record(call, ModelCall.Outcome.SWITCHED_OFF)
        raise AiRefused(
            _("%(feature)s is switched off for this site (Settings → AI settings).")
            % {"feature": Feature(feature).label}
        )
    if call.user is not None:
        allowed, window = count_hit(f"ai:user:{call.user.pk}", settings.AI_RATE_PER_USER)
        if window is not None and not allowed:
            _record(call, ModelCall.Outcome.RATE_LIMITED)
            raise AiRefused(
                _("You have made many AI requests in a short time. Try again in %(seconds)s s.")
                % {"seconds": window.reset}
            )
    if site is not None and not reserve_call(site, budget=ai_settings.monthly_call_budget):
        _record(call, ModelCall.Outcome.OVER_BUDGET)
        raise AiRefused(
            _(
                "This site has used all %(budget)s AI calls of its monthly budget. An "
                "administrator can raise it in Settings → AI settings."
            )
            % {"budget": ai_settings.monthly_call_budget}
        )
    try:
        reply = gateway.complete(messages, vision=vision, json_output=json_output)
    except gateway.ProviderError as error:
        call.duration_ms = error.duration_ms
        outcome = ModelCall.Outcome.TIMEOUT if error.timed_out else ModelCall.Outcome.FAILED
        call.output_excerpt = str(error)
        _record(call, outcome)
        if error.timed_out:
            raise AiRefused(
                _(
                    "The AI provider did not answer within %(seconds)s seconds. Try again in a "
                    "moment, or carry on without it."
                )
                % {"seconds": f"{settings.AI_TIMEOUT:g}"}
            ) from error
        raise AiRefused(
            _("The AI provider could not answer just now. Try again in a moment.")
        ) from error
    call.model_name = reply.model[:100]
    call.duration_ms = reply.duration_ms
    call.input_tokens = reply.input_tokens
    call.output_tokens = reply.output_tokens
    call.output_excerpt = privacy.excerpt(reply.text)
    _record(call, ModelCall.Outcome.OK)
    if not reply.text:
        raise AiRefused(_("The AI provider gave an empty answer. Try again."))
    return reply.text


def ask_model_for_json(actor: Caller | None, **kwargs: Any) -> dict[str, Any]:
    """`ask_model` in JSON mode, its answer parsed; a malformed answer is refused."""
    text = ask_model(actor, json_output=True, **kwargs)
    try:
        value = json.loads(_without_code_fence(text))
    except ValueError as error:
        raise AiRefused(_("The AI provider's answer could not be read. Try again.")) from error
    if not isinstance(value, dict):
        raise AiRefused(_("The AI provider's answer could not be read. Try again."))
    return value


def reserve_call(site: Site, *, budget: int) -> bool:
    """Take one call from the site's budget for this month; False when none is left."""
    month = timezone.localdate().replace(day=1)
    MonthlyUsage.objects.get_or_create(site=site, month=month)
    taken = MonthlyUsage.objects.filter(site=site, month=month, calls__lt=budget).update(
        calls=F("calls") + 1
    )
    return taken == 1


def prompt_text(messages: list[dict[str, Any]]) -> str:
    """The conversation's text, images shown as `[image]`."""
    parts = []
    for message in messages:
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        else:
            for part in content or []:
                parts.append(part.get("text", "") if part.get("type") == "text" else "[image]")
    return "\n".join(parts)


def _record(call: ModelCall, outcome: str) -> None:
    call.outcome = outcome
    call.save()
    logger.info(
        "ai_call",
        feature=call.feature,
        outcome=outcome,
        model=call.model_name,
        duration_ms=call.duration_ms,
        usage_in=call.input_tokens,
        usage_out=call.output_tokens,
        site_id=call.site_id,
        user_id=call.user_id,
    )
    logger.debug("ai_call_text", prompt=call.prompt_excerpt, output=call.output_excerpt)


def _without_code_fence(text: str) -> str:
    text = text.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text
