from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "site_apps.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from cms.content_cache import invalidate_on_change
        from site_apps.billing.entitlements import TEAM_PLANS
        from site_apps.billing.models import Plan, Price
        from site_apps.teams import plan as team_plans

        # The pricing page shows the plans and the amounts of their local price copies, cached
        # with the site content.
        invalidate_on_change(Plan)
        invalidate_on_change(Price)
        # Teams asks about seats through its own port: it sits below billing in the layers.
        team_plans.register(TEAM_PLANS)
