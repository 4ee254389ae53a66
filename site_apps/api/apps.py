from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "site_apps.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # drf-spectacular finds our authentication class's OpenAPI description by import.
        from site_apps.api import schema  # noqa: F401
