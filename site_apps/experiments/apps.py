from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperimentsConfig(AppConfig):
    name = "site_apps.experiments"
    label = "experiments"
    verbose_name = _("A/B tests")

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from wagtail_ab_testing import wagtail_hooks as ab_testing_hooks
        from wagtail_ab_testing.models import AbTest

        from cms.content_cache import invalidate_on_change
        from site_apps.common.compat import unregister_wagtail_hook
        from site_apps.experiments import services

        # Serving is ours (site_apps/experiments/wagtail_hooks.py answers every request for a
        # tested page first): the library's own hook would only ever run for untested pages,
        # asking the database each time for a test that is not there. Its admin hooks stay.
        unregister_wagtail_hook("before_serve_page", ab_testing_hooks.before_serve_page)

        # Which pages are under test is cached with the site content (and so is every page
        # rendered while a test runs): starting, pausing or ending a test moves that version.
        invalidate_on_change(AbTest)
        post_save.connect(
            services.forget_participants_of_ended_test,
            sender=AbTest,
            dispatch_uid="experiments-forget-participants",
        )
