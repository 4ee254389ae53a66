from tests.browser.conftest import screenshot


def test_home_page_loads_its_styles_and_scripts_without_errors(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Home"
    # The built CSS applied (daisyUI sets the background from the theme); the deferred site
    # script ran, and htmx stayed away: nothing on this page uses it (docs/performance.md).
    page.wait_for_function("() => document.readyState === 'complete'")
    assert page.evaluate("getComputedStyle(document.body).display") == "flex"
    assert page.evaluate("window.htmx === undefined")
    assert page.console_errors == [], page.console_errors
    screenshot(page, "home-1280-light")


def test_the_wagtail_admin_sends_people_to_the_site_sign_in(page):
    page.goto("/admin/login/")
    page.wait_for_url("**/accounts/login/**")
    assert page.locator("input[name=login]").is_visible()
    assert page.locator("input[name=password]").is_visible()
    assert page.console_errors == [], page.console_errors
    screenshot(page, "admin-login")


def test_an_editor_signs_in_and_opens_the_page_editor_without_csp_errors(page, site):
    from tests.site_apps.accounts.factories import UserFactory, verified

    editor = verified(UserFactory(email="editor@example.com", is_staff=True, is_superuser=True))
    page.goto("/admin/")
    page.wait_for_url("**/accounts/login/?next=/admin/")
    page.fill("input[name=login]", editor.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/pages/{site.pk}/edit/")
    page.wait_for_selector("form#page-edit-form")
    assert page.console_errors == [], page.console_errors
    screenshot(page, "admin-page-editor")
