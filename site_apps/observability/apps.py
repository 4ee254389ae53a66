from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservabilityConfig(AppConfig):
    name = "site_apps.observability"
    label = "observability"
    verbose_name = _("Observability")

    def ready(self) -> None:
        # Signal receivers that carry the request's log context into logs, Sentry and tasks.
        from site_apps.observability import request_context, task_context

        request_context.connect_signals()
        task_context.connect_signals()
