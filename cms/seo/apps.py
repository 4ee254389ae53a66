from django.apps import AppConfig


class SeoConfig(AppConfig):
    name = "cms.seo"
    label = "seo"
    verbose_name = "SEO"
