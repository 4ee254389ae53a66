"""The todo admin in a real Chromium: list and edit pages at phone and desk widths, light and dark,
reached and used with the keyboard."""

from __future__ import annotations

import pytest

from site_apps.observability.models import TodoItem
from tests.browser.conftest import screenshot
from tests.site_apps.accounts.factories import UserFactory, verified
from tests.site_apps.observability.factories import TodoItemFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def todos(site):
    TodoItemFactory.create(
        title="ZeroDivisionError: division by zero",
        description="LUMEN-9 · lumen · error\ncms.home.views in serve",
        priority=TodoItem.Priority.HIGH,
        category=TodoItem.Category.BUG,
        source=TodoItem.Source.SENTRY,
        external_id="1170820242",
        link="https://acme.sentry.io/issues/1170820242/",
        external_assignee="#backend",
    )
    TodoItemFactory.create(
        title="Renew the TLS certificate",
        priority=TodoItem.Priority.URGENT,
        category=TodoItem.Category.OPERATIONS,
        status=TodoItem.Status.IN_PROGRESS,
    )
    return TodoItem.objects.all()


def sign_in(browser, live_server, *, width: int, scheme: str):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
    )
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto("/admin/")
    tab.wait_for_url("**/accounts/login/?next=/admin/")
    tab.fill("input[name=login]", "ops@example.com")
    tab.fill("input[name=password]", PASSWORD)
    tab.keyboard.press("Enter")
    tab.wait_for_url(lambda url: url.endswith("/admin/") and "login" not in url)
    return context, tab, errors


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_staff_find_and_open_a_todo(browser, live_server, todos, width, scheme):
    verified(UserFactory(email="ops@example.com", is_staff=True, is_superuser=True))
    context, tab, errors = sign_in(browser, live_server, width=width, scheme=scheme)
    try:
        tab.goto("/admin/todos/")
        assert tab.get_by_role("link", name="ZeroDivisionError: division by zero").is_visible()
        screenshot(tab, f"admin-todos-{width}-{scheme}")

        tab.get_by_role("textbox", name="Search term").fill("certificate")
        tab.keyboard.press("Enter")
        tab.wait_for_url("**q=certificate**")
        assert tab.get_by_role("link", name="Renew the TLS certificate").is_visible()
        assert tab.get_by_text("ZeroDivisionError").count() == 0

        tab.get_by_role("link", name="Renew the TLS certificate").focus()
        tab.keyboard.press("Enter")
        tab.wait_for_url("**/admin/todos/edit/**")
        assert tab.locator("select#id_status").input_value() == "in_progress"
        screenshot(tab, f"admin-todo-edit-{width}-{scheme}")
        assert errors == [], errors
    finally:
        context.close()
