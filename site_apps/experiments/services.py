"""Counting A/B test participants and conversions, each visitor once per test.

wagtail-ab-testing's `AbTest.add_participant` / `log_conversion` add to its hourly totals (and
finish the test at its sample size); these services make sure they are called once per
visitor: a participant row is created once (unique per test and visitor), and a conversion is
one conditional UPDATE of that row, so a reload or two simultaneous beacons count once.
"""

from __future__ import annotations

from typing import Any

import structlog
from django.http import HttpRequest
from django.utils import timezone
from wagtail_ab_testing.models import AbTest

from site_apps.experiments import selectors, visitors
from site_apps.experiments.models import Participant

logger = structlog.get_logger(__name__)


def join(request: HttpRequest, *, page_id: int) -> visitors.Assignment | None:
    """Count this visitor in the test running on `page_id` (once), with the version they see."""
    test = selectors.running_tests().on_page(page_id)
    if test is None:
        return None
    assignment = visitors.assign(request, test.id)
    if not assignment.visitor:  # a bot, or Do Not Track
        return None
    _, created = Participant.objects.get_or_create(
        test_id=test.id, visitor=assignment.visitor, defaults={"version": assignment.version}
    )
    if created:
        ab_test = AbTest.objects.filter(pk=test.id, status=AbTest.STATUS_RUNNING).first()
        if ab_test is not None:
            ab_test.add_participant(version=assignment.version)
    return assignment


def record_goal(request: HttpRequest, *, event: str, page_id: int | None = None) -> int:
    """Count a conversion in every running test whose goal this is and whose participant this
    visitor is (once per visitor and test). Returns how many tests counted it."""
    counted = 0
    for test in selectors.running_tests().counting(event, page_id):
        assignment = visitors.assign(request, test.id)
        if not assignment.visitor:
            continue
        participant = (
            Participant.objects.filter(test_id=test.id, visitor=assignment.visitor)
            .only("pk", "version")
            .first()
        )
        if participant is None:
            continue  # never saw the tested page: not part of the test
        converted = Participant.objects.filter(pk=participant.pk, converted_at=None).update(
            converted_at=timezone.now()
        )
        if converted:
            AbTest(pk=test.id).log_conversion(participant.version)
            counted += 1
    if counted:
        logger.info("ab_conversion", goal=event, tests=counted)
    return counted


def forget_participants_of_ended_test(sender: Any, instance: AbTest, **kwargs: Any) -> None:
    """A test that stopped running keeps its totals; who took part is no longer needed."""
    if instance.status not in (AbTest.STATUS_RUNNING, AbTest.STATUS_PAUSED):
        Participant.objects.filter(test_id=instance.pk).delete()
