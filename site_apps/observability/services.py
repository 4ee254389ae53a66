"""Use cases that write: turning Sentry issue webhooks into todo items.

Rules (see docs/runbook.md):
- One todo per Sentry issue: the first delivery about an issue, whatever its action, creates
  it; later ones update it. A unique constraint and a row lock keep that true under races.
- A delivery is recorded by its id and the digest of its body; the same delivery again, or the
  same body under a new id (a replay), changes nothing.
- Out of order: every delivery carries the time Sentry sent it. One sent before the newest
  change already applied is recorded as stale and not applied, so a late "created" can never
  reopen an issue that was resolved after it. Equal times: the one that arrives last wins.
- Statuses: created/unresolved reopen a done or ignored todo (an open or in-progress one stays
  as staff set it); resolved closes it as done; archived (Sentry's newer name) or ignored closes
  it as ignored; assigned sets who is on it and leaves the status alone.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

import structlog
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q

from site_apps.observability.models import SentryWebhookDelivery, TodoItem

logger = structlog.get_logger(__name__)

Status = TodoItem.Status
Priority = TodoItem.Priority
Category = TodoItem.Category
Outcome = SentryWebhookDelivery.Outcome

SENTRY_ISSUE_ACTIONS = frozenset(
    {"created", "resolved", "assigned", "archived", "ignored", "unresolved"}
)
ACTION_STATUS = {
    "created": Status.OPEN,
    "unresolved": Status.OPEN,
    "resolved": Status.DONE,
    "archived": Status.IGNORED,
    "ignored": Status.IGNORED,
}
ISSUE_STATUS = {"unresolved": Status.OPEN, "resolved": Status.DONE, "ignored": Status.IGNORED}
PRIORITY_BY_SENTRY_PRIORITY = {
    "high": Priority.HIGH,
    "medium": Priority.MEDIUM,
    "low": Priority.LOW,
}
PRIORITY_BY_LEVEL = {
    "fatal": Priority.URGENT,
    "error": Priority.HIGH,
    "warning": Priority.MEDIUM,
    "info": Priority.LOW,
    "debug": Priority.LOW,
}
DUPLICATE = "duplicate"


@dataclasses.dataclass(frozen=True)
class SentryIssueEvent:
    """A verified `issue` webhook: what happened, to which issue, and when Sentry sent it."""

    delivery_id: str
    action: str
    issue: Mapping[str, Any]
    sent_at: datetime.datetime
    payload_digest: str | None = None

    @property
    def issue_id(self) -> str:
        return str(self.issue["id"])


def record_sentry_issue_event(event: SentryIssueEvent) -> tuple[str, TodoItem | None]:
    """Apply one Sentry issue webhook to its todo; return the outcome and the todo.

    The outcome is "applied", "stale" or "ignored" (SentryWebhookDelivery.Outcome), or
    "duplicate" when this delivery was recorded before (nothing changes then).
    """
    if _seen(event):
        return DUPLICATE, None
    try:
        with transaction.atomic():
            outcome: str
            todo: TodoItem | None
            if event.action not in SENTRY_ISSUE_ACTIONS:
                outcome, todo = Outcome.IGNORED, None
            else:
                todo, created = _locked_todo_for(event)
                outcome = _apply(event, todo, created=created)
            SentryWebhookDelivery.objects.create(
                delivery_id=event.delivery_id,
                payload_digest=event.payload_digest,
                resource="issue",
                action=event.action,
                sentry_issue_id=event.issue_id,
                sent_at=event.sent_at,
                outcome=outcome,
                todo=todo,
            )
    except IntegrityError:
        # The same delivery, processed at this moment by another worker, committed first.
        if _seen(event):
            return DUPLICATE, None
        raise
    logger.info(
        "sentry_issue_recorded",
        action=event.action,
        sentry_issue_id=event.issue_id,
        outcome=str(outcome),
        todo_id=todo.pk if todo else None,
    )
    return str(outcome), todo


def _seen(event: SentryIssueEvent) -> bool:
    """Recorded before: the same delivery id, or the same signed body (a replay)."""
    seen = Q(delivery_id=event.delivery_id)
    if event.payload_digest:
        seen |= Q(payload_digest=event.payload_digest)
    return SentryWebhookDelivery.objects.filter(seen).exists()


def _locked_todo_for(event: SentryIssueEvent) -> tuple[TodoItem, bool]:
    """The issue's todo, row-locked for this transaction, made from the payload if new; and
    whether it was made now."""
    existing = TodoItem.objects.select_for_update().from_source(
        TodoItem.Source.SENTRY, event.issue_id
    )
    todo = existing.first()
    if todo is not None:
        return todo, False
    try:
        with transaction.atomic():  # a savepoint: a concurrent first delivery may win the insert
            return TodoItem.objects.create(**_new_todo_fields(event.issue)), True
    except IntegrityError:
        return existing.get(), False


def _apply(event: SentryIssueEvent, todo: TodoItem, *, created: bool) -> str:
    if todo.source_updated_at is not None and event.sent_at < todo.source_updated_at:
        return Outcome.STALE
    target = ACTION_STATUS.get(event.action) or ISSUE_STATUS.get(str(event.issue.get("status")))
    if target == Status.OPEN:
        if todo.status in TodoItem.CLOSED_STATUSES:
            todo.status = Status.OPEN
    elif target is not None:
        todo.status = target
    if event.action == "assigned" or (created and event.issue.get("assignedTo")):
        _assign(todo, event.issue.get("assignedTo"))
    todo.source_updated_at = event.sent_at
    todo.save()
    return Outcome.APPLIED


def _assign(todo: TodoItem, assigned_to: Any) -> None:
    """Sentry's assignee: our user with that email when there is one, else just the name."""
    if not isinstance(assigned_to, Mapping):
        todo.assignee = None
        todo.external_assignee = ""
        return
    email = str(assigned_to.get("email") or "").strip()
    user = (
        get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if email
        else None
    )
    todo.assignee = user
    name = str(assigned_to.get("name") or email or "")
    if assigned_to.get("type") == "team":
        name = f"#{name}"
    todo.external_assignee = "" if user else name[:150]


def _new_todo_fields(issue: Mapping[str, Any]) -> dict[str, Any]:
    metadata: Mapping[str, Any] = issue.get("metadata") or {}
    project: Mapping[str, Any] = issue.get("project") or {}
    if not isinstance(metadata, Mapping):
        metadata = {}
    if not isinstance(project, Mapping):
        project = {}
    lines = [
        " · ".join(
            str(part)
            for part in (issue.get("shortId"), project.get("slug"), issue.get("level"))
            if part
        ),
        str(issue.get("culprit") or ""),
        str(metadata.get("value") or ""),
    ]
    title = str(issue.get("title") or f"Sentry issue {issue['id']}")
    return {
        "source": TodoItem.Source.SENTRY,
        "external_id": str(issue["id"]),
        "title": title[:255],
        "description": "\n".join(line for line in lines if line),
        "priority": _priority(issue),
        "category": _category(issue),
        "link": _link(issue),
    }


def _priority(issue: Mapping[str, Any]) -> int:
    priority = PRIORITY_BY_SENTRY_PRIORITY.get(str(issue.get("priority") or "").lower())
    return priority or PRIORITY_BY_LEVEL.get(str(issue.get("level") or ""), Priority.MEDIUM)


def _category(issue: Mapping[str, Any]) -> str:
    kind = f"{issue.get('issueCategory') or ''} {issue.get('issueType') or ''}".lower()
    if "performance" in kind:
        return Category.PERFORMANCE
    if any(word in kind for word in ("cron", "uptime", "outage")):
        return Category.OPERATIONS
    return Category.BUG


def _link(issue: Mapping[str, Any]) -> str:
    for key in ("permalink", "web_url"):
        url = str(issue.get(key) or "")
        if urlparse(url).scheme in ("http", "https") and len(url) <= 500:
            return url
    return ""
