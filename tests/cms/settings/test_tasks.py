"""`TASKS_BACKEND=database`: work is queued, not run, until `manage.py db_worker` picks it up.

Wagtail 8 enqueues its own search and reference-index tasks through the same TASKS setting, so
this is also the check that a queued deployment keeps the admin's indexes up to date.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

QUEUED = {"default": {"BACKEND": settings.TASK_BACKENDS["database"]}}


@pytest.mark.django_db(transaction=True)
def test_wagtail_tasks_wait_in_the_database_queue_until_the_worker_runs_them(home_page):
    with override_settings(TASKS=QUEUED):
        home_page.intro = "Queued work"
        home_page.save_revision().publish()

        queued = DBTaskResult.objects.values_list("task_path", "status")
        assert ("wagtail.tasks.update_reference_index_task", "READY") in set(queued)

        call_command("db_worker", "--batch", "--no-startup-delay")

        assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
