from django.apps import AppConfig


class BlocksConfig(AppConfig):
    name = "cms.blocks"
    label = "blocks"
    verbose_name = "Blocks"
