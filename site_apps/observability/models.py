"""What operators act on (todo items, some made from Sentry issues) and the records that keep
webhooks idempotent and tasks traceable back to the request that queued them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from site_apps.common.models import Timestampable


class TodoItemQuerySet(models.QuerySet["TodoItem"]):
    def open(self) -> TodoItemQuerySet:
        """Items someone still has to act on."""
        return self.filter(status__in=TodoItem.OPEN_STATUSES)

    def from_source(self, source: str, external_id: str) -> TodoItemQuerySet:
        return self.filter(source=source, external_id=external_id)


class TodoItem(Timestampable):
    """Something for the team to do: written by staff, or opened from a Sentry issue.

    A todo from an outside source keeps that source's id (`external_id`), unique per source, so
    the same Sentry issue never becomes two todos however often its webhooks arrive.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        IGNORED = "ignored", _("Ignored")

    class Priority(models.IntegerChoices):
        LOW = 10, _("Low")
        MEDIUM = 20, _("Medium")
        HIGH = 30, _("High")
        URGENT = 40, _("Urgent")

    class Category(models.TextChoices):
        BUG = "bug", _("Bug")
        PERFORMANCE = "performance", _("Performance")
        SECURITY = "security", _("Security")
        OPERATIONS = "operations", _("Operations")
        CONTENT = "content", _("Content")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Written by staff")
        SENTRY = "sentry", _("Sentry")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.DONE, Status.IGNORED)

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    external_id = models.CharField(
        _("id at the source"),
        max_length=64,
        blank=True,
        help_text=_("For example the Sentry issue id; empty for todos written by staff."),
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="todo_items",
    )
    external_assignee = models.CharField(
        _("assigned at the source"),
        max_length=150,
        blank=True,
        help_text=_("Who the source says is on it, when that person has no account here."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    source_updated_at = models.DateTimeField(
        _("last change at the source"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the source sent the newest change applied; older ones are ignored."),
    )

    objects = TodoItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("todo")
        verbose_name_plural = _("todos")
        ordering = ["-priority", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="observability_todo_one_per_external_id",
            ),
        ]
        indexes = [models.Index(fields=["status", "-priority"], name="observability_todo_open")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def assigned_to(self) -> str:
        """Our user when there is one, else the name the source gave (a Sentry team: "#name")."""
        return str(self.assignee) if self.assignee else self.external_assignee

    # Column heading and sort order in the admin list.
    assigned_to.short_description = _("assigned to")  # type: ignore[attr-defined]
    assigned_to.admin_order_field = "assignee__email"  # type: ignore[attr-defined]


class SentryWebhookDelivery(Timestampable):
    """One signed webhook from Sentry, recorded so a redelivery is recognised and skipped."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        STALE = "stale", _("Older than the todo's state: not applied")
        IGNORED = "ignored", _("Not about an issue we track")

    delivery_id = models.CharField(_("delivery id"), max_length=100, unique=True)
    # SHA-256 of the signed body: a captured delivery sent again under a new Request-ID (the
    # signature covers the body only) is recognised by it.
    payload_digest = models.CharField(
        _("payload digest"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    resource = models.CharField(_("resource"), max_length=40)
    action = models.CharField(_("action"), max_length=40)
    sentry_issue_id = models.CharField(_("Sentry issue id"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    todo = models.ForeignKey(
        TodoItem,
        verbose_name=_("todo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sentry_deliveries",
    )

    class Meta:
        verbose_name = _("Sentry webhook delivery")
        verbose_name_plural = _("Sentry webhook deliveries")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.resource}.{self.action} {self.sentry_issue_id} ({self.outcome})"


class QueuedTaskContext(models.Model):
    """The log context (request id, user, team) of the request that queued a task.

    Written in the same transaction as the queued task, read by the worker when it starts the
    task, and deleted with the task result when django-tasks-db prunes it.
    """

    task = models.OneToOneField(
        "django_tasks_database.DBTaskResult",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="log_context",
    )
    context = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("queued task context")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.context.get('request_id', '')}"
