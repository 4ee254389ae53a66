"""wagtail-ai's editor controls answered through the gateway and the fake provider: rich text,
page and image text (with an uploaded file), content feedback, and what an editor is told
when the provider is slow or down."""

from __future__ import annotations

import base64
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from PIL import Image

from site_apps.ai.fake import FAKE_MARK, FAKE_MODEL
from site_apps.ai.models import Feature, ModelCall
from tests.cms.images import make_image
from tests.site_apps.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def post_agent(client, path: str, arguments: dict):
    return client.post(
        f"/admin/ai/{path}/", json.dumps({"arguments": arguments}), content_type="application/json"
    )


def test_the_rich_text_menu_returns_the_fake_completion_and_is_audited(editor, prompt):
    response = editor.post(
        "/admin/ai/text_completion/", {"text": "Our teem ships weekly.", "prompt": str(prompt.uuid)}
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"message": f"Our teem ships weekly. {FAKE_MARK}"}
    call = ModelCall.objects.get()
    assert (call.feature, call.outcome, call.user) == (Feature.WRITING, "ok", editor.user)
    assert call.model_name == FAKE_MODEL
    assert call.input_tokens > 0
    assert call.output_tokens > 0
    assert "Our teem ships weekly." in call.prompt_excerpt


def test_the_page_editor_carries_the_ai_controls(editor, home_page):
    page = editor.get(f"/admin/pages/{home_page.pk}/edit/").content.decode()
    assert 'id="wagtail-ai-config"' in page
    config = json.loads(str(BeautifulSoup(page, "html.parser").find(id="wagtail-ai-config").string))
    assert config["urls"]["TEXT_COMPLETION"] == "/admin/ai/text_completion/"
    assert config["urls"]["BASIC_PROMPT"] == "/admin/ai/basic_prompt/"


def test_the_design_system_rich_text_blocks_carry_the_ai_menu(editor, home_page):
    """The blocks name their own features; the AI menu is added to them (not only to
    wagtail-ai's default features, which no block uses)."""
    from cms.blocks.content import RichTextSectionBlock

    widget = RichTextSectionBlock().child_blocks["text"].field.widget
    assert {"type": "ai"} in widget.options["controls"]
    assert widget.options["enableHorizontalRule"]  # the block's own features are kept
    page = editor.get(f"/admin/pages/{home_page.pk}/edit/").content.decode()
    assert "wagtail_ai/draftail.js" in page
    assert "&quot;type&quot;: &quot;ai&quot;" in page  # the control in the block's editor


def test_alt_text_for_an_image_being_uploaded(editor):
    """The upload form's Generate button sends the chosen file as a data URL."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "#e11d48").save(buffer, "PNG")
    data_url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    form = editor.get("/admin/images/multiple/add/").content.decode()
    assert "wai-field-panel" in form or "wagtail-ai-config" in form
    response = post_agent(
        editor,
        "basic_prompt",
        {
            "prompt": "Generate an alt text (and only the text) for the following image: {image}",
            "context": {"image": data_url},
        },
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "completed", "data": "Fake alt text: a 640x480 image"}
    call = ModelCall.objects.get()
    assert call.feature == Feature.IMAGE_TEXT
    assert "[image]" in call.prompt_excerpt
    assert "base64" not in call.prompt_excerpt


def test_title_for_a_stored_image_needs_permission_to_choose_it(editor, client):
    image = make_image(size=(300, 200))
    prompt = "Generate a title (no longer than 50 characters) for the following image: {image}"
    response = post_agent(
        editor, "basic_prompt", {"prompt": prompt, "context": {"image": image.pk}}
    )
    assert response.json()["data"] == "Fake title for a 300x200 image"
    outsider = Client()
    outsider.force_login(UserFactory(is_staff=True))  # admin access, no image permissions
    response = post_agent(
        outsider, "basic_prompt", {"prompt": prompt, "context": {"image": image.pk}}
    )
    assert response.status_code in (302, 403)
    assert ModelCall.objects.count() == 1


def test_content_feedback_goes_through_the_gateway(editor):
    response = post_agent(
        editor,
        "content_feedback",
        {
            "content_text": "Lumen helps teams ship.",
            "content_html": "<p>Lumen helps teams ship.</p>",
            "content_language": "English",
            "editor_language": "English",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["data"]["quality_score"] == 2
    assert ModelCall.objects.get().outcome == "ok"


def test_malformed_requests_get_a_clear_400_and_no_call(editor, prompt):
    assert editor.post("/admin/ai/text_completion/", {"text": "x"}).status_code == 400
    bad = editor.post("/admin/ai/basic_prompt/", "nope", content_type="application/json")
    assert bad.status_code == 400
    assert "malformed" in bad.json()["error"]
    assert post_agent(editor, "content_feedback", {"content_text": 3}).status_code == 400
    long_text = {"text": "word " * 5000, "prompt": str(prompt.uuid)}
    assert editor.post("/admin/ai/text_completion/", long_text).status_code == 400
    assert post_agent(editor, "suggested_content", {}).status_code == 404
    assert ModelCall.objects.count() == 0


def test_the_endpoints_keep_csrf_protection(home_page, prompt):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = post_agent(client, "basic_prompt", {"prompt": "Hi {x}", "context": {"x": "y"}})
    assert response.status_code == 403
    assert ModelCall.objects.count() == 0


def test_a_provider_timeout_gives_the_editor_a_clear_message(
    editor, prompt, provider_on_socket, settings
):
    provider_on_socket.delay = 2.0
    settings.AI_TIMEOUT = 0.3
    response = editor.post(
        "/admin/ai/text_completion/", {"text": "Hello", "prompt": str(prompt.uuid)}
    )
    assert response.status_code == 503
    assert response.json() == {
        "error": "The AI provider did not answer within 0.3 seconds. Try again in a moment, "
        "or carry on without it."
    }
    call = ModelCall.objects.get()
    assert call.outcome == ModelCall.Outcome.TIMEOUT
    assert call.duration_ms < 1500


def test_a_provider_error_and_a_real_answer_over_the_wire(editor, prompt, provider_on_socket):
    response = editor.post(
        "/admin/ai/text_completion/", {"text": "Hello", "prompt": str(prompt.uuid)}
    )
    assert response.json() == {"message": f"Hello {FAKE_MARK}"}
    sent = provider_on_socket.requests[-1]
    assert sent["model"] == "gpt-4o-mini"
    assert sent["messages"][-1]["content"] == "Hello"
    provider_on_socket.status = 500
    response = editor.post(
        "/admin/ai/text_completion/", {"text": "Hello", "prompt": str(prompt.uuid)}
    )
    assert response.status_code == 503
    assert "could not answer just now" in response.json()["error"]
    assert ModelCall.objects.filter(outcome=ModelCall.Outcome.FAILED).count() == 1
