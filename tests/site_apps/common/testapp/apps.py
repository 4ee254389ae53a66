from django.apps import AppConfig


class CommonTestAppConfig(AppConfig):
    """Concrete models built from the behaviour mixins, installed only under test settings."""

    name = "tests.site_apps.common.testapp"
    label = "common_testapp"
