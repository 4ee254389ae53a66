"""AI writing assistance in a real Chromium: an editor selects text in a design-system
rich-text block, picks a prompt from the AI menu, and the fake provider's answer replaces it;
the call is in the audit list."""

from __future__ import annotations

from wagtail_ai.models import Prompt

from site_apps.ai.fake import FAKE_MARK
from site_apps.ai.models import Feature, ModelCall
from tests.browser.conftest import screenshot
from tests.site_apps.accounts.factories import UserFactory, verified

PASSWORD = "correct horse battery staple"


def test_the_ai_menu_of_a_rich_text_block_rewrites_the_selection(browser, live_server, site):
    site.body = [
        {
            "type": "rich_text",
            "value": {"text": "<p>Our teem ships every weak.</p>", "width": "narrow"},
        }
    ]
    site.save_revision().publish()
    Prompt.objects.get_or_create(
        label="Fix the spelling",
        defaults={"prompt": "Correct the spelling.", "method": Prompt.Method.REPLACE},
    )
    verified(UserFactory(email="editor@example.com", is_staff=True, is_superuser=True))
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        tab.goto("/admin/")
        tab.fill("input[name=login]", "editor@example.com")
        tab.fill("input[name=password]", PASSWORD)
        tab.keyboard.press("Enter")
        tab.wait_for_url(lambda url: url.endswith("/admin/") and "login" not in url)

        tab.goto(f"/admin/pages/{site.pk}/edit/")
        editor = tab.locator(".Draftail-Editor", has_text="Our teem ships")
        editor.locator("[contenteditable=true]").click()
        tab.keyboard.press("Control+A")
        editor.locator("button[name='AI Tools']").click()  # titled "AI prompts"
        with tab.expect_response("**/admin/ai/text_completion/") as answer:
            tab.get_by_text("Fix the spelling").click()
        assert answer.value.status == 200
        expected = f"Our teem ships every weak. {FAKE_MARK}"
        editor.get_by_text(FAKE_MARK).wait_for()
        assert editor.locator("[contenteditable=true]").inner_text().strip() == expected
        screenshot(tab, "ai-rich-text-1280")
        call = ModelCall.objects.get()
        assert (call.feature, call.outcome) == (Feature.WRITING, ModelCall.Outcome.OK)
        assert errors == []
    finally:
        context.close()
