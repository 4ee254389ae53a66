from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "site_apps.common"
    label = "common"
    verbose_name = "Common"
