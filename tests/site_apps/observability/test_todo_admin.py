"""Todos in the Wagtail admin: list, search, filter, edit; staff only; flat query counts."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from site_apps.observability.models import TodoItem
from site_apps.observability.selectors import open_todo_count
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.observability.factories import TodoItemFactory

INDEX = "/admin/todos/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def make_todos(count: int, **fields) -> list[TodoItem]:
    assignee = UserFactory()
    return TodoItemFactory.create_batch(count, assignee=assignee, **fields)


def queries_for_index(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_3_or_30_todos(admin_client):
    make_todos(3)
    queries_for_index(admin_client)  # the first visit fills per-site caches (theme, types)
    few = queries_for_index(admin_client)
    make_todos(27)
    many = queries_for_index(admin_client)
    assert many == few, f"{few} queries for 3 todos, {many} for 30"


def test_search_and_filters_narrow_the_list(admin_client):
    TodoItemFactory.create(title="Checkout fails on Safari", status=TodoItem.Status.OPEN)
    TodoItemFactory.create(title="Slow pricing page", status=TodoItem.Status.DONE)

    found = admin_client.get(INDEX, {"q": "safari"}).content.decode()
    assert "Checkout fails on Safari" in found
    assert "Slow pricing page" not in found

    done = admin_client.get(INDEX, {"status": "done"}).content.decode()
    assert "Slow pricing page" in done
    assert "Checkout fails on Safari" not in done


def test_staff_edit_a_todo(admin_client):
    todo = TodoItemFactory.create(title="Renew the TLS certificate")
    response = admin_client.post(
        f"{INDEX}edit/{todo.pk}/",
        {
            "title": "Renew the TLS certificate",
            "description": "",
            "status": TodoItem.Status.IN_PROGRESS,
            "priority": TodoItem.Priority.URGENT,
            "category": TodoItem.Category.OPERATIONS,
            "due_date": "2026-12-01",
            "link": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    todo.refresh_from_db()
    assert todo.status == TodoItem.Status.IN_PROGRESS
    assert todo.priority == TodoItem.Priority.URGENT
    assert str(todo.due_date) == "2026-12-01"
    assert open_todo_count() == 1


def test_a_second_todo_for_the_same_sentry_issue_cannot_exist(db):
    TodoItemFactory.create(title="A", source=TodoItem.Source.SENTRY, external_id="42")
    TodoItemFactory.create(title="Written by staff")
    TodoItemFactory.create(title="Also written by staff")  # no external id: no limit
    with pytest.raises(IntegrityError), transaction.atomic():
        TodoItem.objects.create(title="B", source=TodoItem.Source.SENTRY, external_id="42")
    assert TodoItem.objects.count() == 3


def test_the_list_shows_who_is_on_it(admin_client):
    TodoItemFactory.create(title="From Sentry", external_assignee="#backend")
    assert "#backend" in admin_client.get(INDEX).content.decode()


@pytest.mark.django_db
def test_people_without_admin_access_cannot_see_todos(client):
    TodoItemFactory.create(title="Internal only")
    client.force_login(UserFactory())
    response = client.get(INDEX)
    assert response.status_code in (302, 403)
    assert b"Internal only" not in response.content
