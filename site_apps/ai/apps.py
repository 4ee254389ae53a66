from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AiConfig(AppConfig):
    name = "site_apps.ai"
    label = "ai"
    verbose_name = _("AI assistance")
