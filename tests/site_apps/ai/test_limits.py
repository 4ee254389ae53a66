"""The rules every model call passes: the feature's switch, the editor's rate, the site's monthly
budget; the audit list, and prompts kept without personal data."""

from __future__ import annotations

import pytest
from django.test import Client

from site_apps.ai import privacy
from site_apps.ai.models import ModelCall, MonthlyUsage
from tests.site_apps.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def complete(client, prompt, text: str = "Hello"):
    return client.post("/admin/ai/text_completion/", {"text": text, "prompt": str(prompt.uuid)})


def test_the_budget_refuses_once_spent(editor, prompt, ai_settings):
    ai_settings.monthly_call_budget = 2
    ai_settings.save()
    assert complete(editor, prompt).status_code == 200
    assert complete(editor, prompt).status_code == 200
    refused = complete(editor, prompt)
    assert refused.status_code == 503
    assert refused.json()["error"] == (
        "This site has used all 2 AI calls of its monthly budget. An administrator can raise "
        "it in Settings → AI settings."
    )
    assert MonthlyUsage.objects.get().calls == 2
    outcomes = list(ModelCall.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["ok", "ok", "over_budget"]
    ai_settings.monthly_call_budget = 3
    ai_settings.save()
    assert complete(editor, prompt).status_code == 200


def test_each_editor_has_a_rate_limit(editor, prompt, settings):
    settings.AI_RATE_PER_USER = "2/min"
    assert [complete(editor, prompt).status_code for _ in range(3)] == [200, 200, 503]
    assert "many AI requests" in complete(editor, prompt).json()["error"]
    colleague = Client()
    colleague.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert complete(colleague, prompt).status_code == 200


def test_a_switched_off_feature_is_refused(editor, prompt, ai_settings):
    ai_settings.writing_assistance = False
    ai_settings.save()
    response = complete(editor, prompt)
    assert response.status_code == 503
    assert "Writing assistance is switched off" in response.json()["error"]
    assert ModelCall.objects.get().outcome == ModelCall.Outcome.SWITCHED_OFF
    assert MonthlyUsage.objects.count() == 0


def test_personal_data_never_reaches_the_audit_list(editor, prompt):
    text = "Write to ana.perez@example.com or call +34 612 345 678, card 4111 1111 1111 1111."
    complete(editor, prompt, text)
    call = ModelCall.objects.get()
    for stored in (call.prompt_excerpt, call.output_excerpt):
        assert "ana.perez" not in stored
        assert "612" not in stored
        assert "4111" not in stored
        assert "[email]" in stored
        assert "[number]" in stored
    assert privacy.scrub("In 2025, 3 plans from $29") == "In 2025, 3 plans from $29"


def test_the_audit_list_shows_calls_to_staff_with_the_right_only(editor, prompt, client):
    complete(editor, prompt, "Audit me")
    listing = editor.get("/admin/ai_calls/")
    assert listing.status_code == 200
    assert "Writing assistance" in listing.content.decode()
    call = ModelCall.objects.get()
    inspect = editor.get(f"/admin/ai_calls/inspect/{call.pk}/").content.decode()
    assert "Audit me" in inspect
    assert editor.get("/admin/ai_calls/new/").status_code in (302, 403)
    assert "/admin/ai_calls/" in editor.get("/admin/").content.decode()  # Reports menu
    other = Client()
    other.force_login(UserFactory(is_staff=True))
    assert other.get("/admin/ai_calls/").status_code in (302, 403)
