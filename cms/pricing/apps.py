from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "cms.pricing"
    label = "pricing"
    verbose_name = "Pricing"

    def ready(self) -> None:
        from cms.content_cache import invalidate_on_change
        from cms.pricing.models import Plan

        invalidate_on_change(Plan)
