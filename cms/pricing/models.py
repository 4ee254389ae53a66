"""The pricing page: the plans side by side (billing's offers, `site_apps.billing.offers`),
then any blocks. The plans themselves (the `Plan` snippet) belong to billing."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from cms.blocks import BODY_BLOCKS
from cms.pages.models import ContactPage
from cms.pages.privacy import CachedViewRestrictionsMixin
from cms.seo.models import SeoMixin
from cms.theme.preview import ThemePreviewMixin
from site_apps.billing import offers


class PricingPage(  # type: ignore[django-manager-missing]
    CachedViewRestrictionsMixin, ThemePreviewMixin, RoutablePageMixin, SeoMixin, Page
):
    """The plans side by side with the monthly/yearly switch, then any blocks (FAQ, CTA...)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=400)
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("below the plans"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = SeoMixin.promote_panels
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "pages/pricing_page.html"

    class Meta:
        verbose_name = _("pricing page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["plans"] = offers.plans_with_prices()
        context["billing"] = offers.billing_period_from(request)
        return context

    @path("checkout/<slug:plan_slug>/", name="checkout")
    def checkout(self, request: HttpRequest, plan_slug: str) -> Any:
        """Where a plan's button leads. Until payments are set up it explains that, politely."""
        billing_period_from = offers.billing_period_from
        offer = offers.plan_with_prices(plan_slug)
        if offer is None:
            raise Http404
        if offer.price_for(billing_period_from(request)).is_free:
            return redirect("account_signup")  # a free plan has nothing to pay: sign up
        contact = (
            ContactPage.objects.live().filter(locale=Locale.get_active()).first()
            or ContactPage.objects.live().first()
        )
        return TemplateResponse(
            request,
            "pricing/checkout_unavailable.html",
            {
                "page": self,
                "offer": offer,
                "billing": billing_period_from(request),
                "self": self,
                "contact_url": contact.url if contact else "",
            },
        )


def pricing_page_url(language: str) -> str:
    """The URL of the live pricing page in `language` ("" when there is none): registered with
    billing's offers in `PricingConfig.ready()`, since billing cannot import this app."""
    page = PricingPage.objects.live().filter(locale__language_code=language).first()
    return (page.url or "") if page else ""


def pricing_page_ids() -> frozenset[int]:
    """The live pricing pages (every language): registered with the A/B tests' selectors, for
    their "visited the pricing page" goal."""
    return frozenset(PricingPage.objects.live().values_list("pk", flat=True))
