from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "cms.pricing"
    label = "pricing"
    verbose_name = "Pricing"

    def ready(self) -> None:
        from cms.pricing.models import pricing_page_ids, pricing_page_url
        from site_apps.billing.offers import register_pricing_page
        from site_apps.experiments.selectors import register_pricing_pages

        # Billing and the A/B tests sit below the page apps: they learn where the pricing page
        # is from here instead of importing it.
        register_pricing_page(pricing_page_url)
        register_pricing_pages(pricing_page_ids)
