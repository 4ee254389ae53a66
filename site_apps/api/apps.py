from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "site_apps.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # drf-spectacular finds our authentication class's OpenAPI description by import.
        from django.contrib.auth.signals import user_logged_out

        from site_apps.api import schema  # noqa: F401
        from site_apps.api.signouts import on_site_sign_out

        user_logged_out.connect(on_site_sign_out, dispatch_uid="api.jwt_sign_out")
