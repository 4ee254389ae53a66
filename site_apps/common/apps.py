from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "site_apps.common"
    label = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        from site_apps.common.api import converters

        converters.register()
