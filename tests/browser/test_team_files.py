"""A team's Files tab in a real browser, in English and Arabic: drop a picture on the upload
form, watch the progress bar fill, see its thumbnail, download it, delete it; axe clean in
light (1280 px) and dark (390 px). One browser context per language."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from site_apps.teams.models import Role
from site_apps.uploads.models import Upload
from tests.browser.axe import serious_violations
from tests.browser.conftest import screenshot
from tests.browser.test_accounts_and_teams import SIZES
from tests.browser.test_team_api_keys import SCHEME_SCRIPT, sign_in
from tests.site_apps.teams.factories import team_with
from tests.site_apps.uploads.conftest import png

DROP_SCRIPT = """([selector, name, data]) => {
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type: "image/png"}));
  const target = document.querySelector(selector);
  for (const type of ["dragenter", "dragover", "drop"]) {
    const init = {bubbles: true, cancelable: true, dataTransfer: transfer};
    target.dispatchEvent(new DragEvent(type, init));
  }
}"""


WATCH_PROGRESS = """() => {
  const bar = document.querySelector("[data-testid=upload-progress]");
  window.progressSeen = {values: [], visible: false};
  new MutationObserver(() => {
    window.progressSeen.values.push(bar.getAttribute("value"));
    window.progressSeen.visible ||= bar.checkVisibility();
  }).observe(bar, {attributes: true, attributeFilter: ["value"]});
}"""


@pytest.fixture
def uploads_on_disk(settings, tmp_path) -> None:
    """Team files kept in the test's own folder."""
    settings.STORAGES = settings.STORAGES | {
        "uploads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_member_drops_sees_downloads_and_deletes_a_picture(
    browser, live_server, site, uploads_on_disk, tmp_path, language
):
    team, (member,) = team_with(Role.MEMBER, name="Acme")
    with translation.override(language):
        url = reverse("uploads:list", args=[team.slug])
    context = browser.new_context(base_url=live_server.url, viewport=SIZES["1280"])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(context, member.user, live_server.url)
    tab.goto(url)
    assert tab.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")

    picture = png(400, 300)
    # Every value the progress bar shows, and whether it was visible, as the upload runs.
    tab.evaluate(WATCH_PROGRESS)
    tab.evaluate(
        DROP_SCRIPT,
        ["[data-upload-form]", "sunset.png", base64.b64encode(picture).decode()],
    )
    tab.locator("[data-testid=thumbnail]").wait_for()
    seen = tab.evaluate("window.progressSeen")
    assert seen["visible"]
    assert seen["values"][-1] == "100"
    upload = Upload.objects.get(team=team)
    assert upload.original_name == "sunset.png"
    assert (upload.width, upload.height) == (400, 300)
    loaded = tab.wait_for_function(
        "() => { const img = document.querySelector('[data-testid=thumbnail]');"
        " return img.complete && img.naturalWidth; }"
    )
    assert loaded.json_value() == 320  # the WebP thumbnail, not the 400 px original

    screenshot(tab, f"team-files-{language}-1280-light")
    problems = {"light": serious_violations(tab)}
    tab.set_viewport_size(SIZES["390"])
    tab.emulate_media(color_scheme="dark")
    tab.evaluate(SCHEME_SCRIPT, "dark")
    screenshot(tab, f"team-files-{language}-390-dark")
    problems["dark"] = serious_violations(tab)
    assert problems == {"light": [], "dark": []}

    with tab.expect_download() as download:
        tab.locator("[data-testid=download]").click()
    assert download.value.suggested_filename == "sunset.png"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == picture

    row = tab.locator(f"li[data-upload='{upload.pk}']")
    row.locator("summary").click()
    row.locator("form button[type=submit]").click()
    tab.locator("[role=status]").first.wait_for()
    assert tab.locator(f"li[data-upload='{upload.pk}']").count() == 0
    assert not Upload.objects.exists()
    assert not any(tmp_path.rglob("*.*"))
    assert errors == []
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_refused_upload_says_why_with_the_keyboard_on_it(
    browser, live_server, site, uploads_on_disk, language
):
    """A file over the free plan's 5 MB comes back with the reason under the file field, the
    field marked and focused, and the owner is shown the way to a bigger plan; a file that
    goes up puts the keyboard at the "uploaded" message."""
    team, (owner,) = team_with(Role.OWNER, name="Acme")
    with translation.override(language):
        url = reverse("uploads:list", args=[team.slug])
    context = browser.new_context(base_url=live_server.url, viewport=SIZES["390"])
    tab = context.new_page()
    sign_in(context, owner.user, live_server.url)
    tab.goto(url)
    field = tab.locator("input[name=file]")
    field.set_input_files(
        {"name": "huge.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" * (5 * 2**18 + 1)}
    )
    tab.locator("[data-upload-form] button[type=submit]").click()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    assert "upload-error" in field.get_attribute("aria-describedby")
    error = tab.locator("#upload-error")
    expect(error).to_contain_text("huge.pdf")
    assert error.locator("a[href$='/billing/']").count() == 1
    screenshot(tab, f"team-files-too-big-{language}-390")
    assert serious_violations(tab) == []
    tab.reload()  # clears what axe leaves on the page

    field.set_input_files({"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"})
    tab.locator("[data-upload-form] button[type=submit]").click()
    notice = tab.locator("#team-files [role=status]")
    expect(notice).to_contain_text("notes.txt")
    expect(notice).to_be_focused()
    context.close()
