from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index

from cms.blocks import BODY_BLOCKS
from cms.pages.models import ContactPage
from cms.seo.models import SeoMixin
from cms.theme.preview import ThemePreviewMixin

if TYPE_CHECKING:
    from types import ModuleType

CURRENCIES = [("USD", "USD ($)"), ("EUR", "EUR (€)"), ("GBP", "GBP (£)")]


class Plan(
    PreviewableMixin,
    DraftStateMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """A subscription plan as the pricing page shows it (the live version: drafts, revisions,
    preview and scheduled publishing work as for pages).

    Editors write the content and attach the Stripe price ids for each period; the amounts
    and currency then come from the local copy of those Stripe prices (site_apps.billing,
    kept by `manage.py sync_stripe` and price webhooks). The hand-edited display prices are
    only a fallback, shown while a period has no synced Stripe price (e.g. Stripe is not
    configured, or for a free plan). See site_apps/billing/offers.py and docs/billing.md.
    """

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        help_text=_(
            "starter, team or business: the plan whose limits the site enforces and lists "
            "(site_apps/billing/plans.py)."
        ),
    )
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    features = models.TextField(
        _("features"),
        blank=True,
        help_text=_(
            "One feature per line, shown with a check mark after the limits the plan's slug "
            "gives (members, API, uploads): do not repeat those here."
        ),
    )
    highlighted = models.BooleanField(
        _("highlighted"), default=False, help_text=_("Shown as the recommended plan.")
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    cta_label = models.CharField(_("button label"), max_length=40, default=_("Get started"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="USD")
    monthly_amount = models.DecimalField(
        _("monthly price"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    stripe_monthly_price_id = models.CharField(
        _("Stripe monthly price id"),
        max_length=255,
        blank=True,
        help_text=_("price_... of the monthly price in Stripe; empty: not sold monthly."),
    )
    stripe_yearly_price_id = models.CharField(
        _("Stripe yearly price id"),
        max_length=255,
        blank=True,
        help_text=_("price_... of the yearly price in Stripe; empty: not sold yearly."),
    )
    yearly_amount = models.DecimalField(
        _("yearly price"),
        max_digits=9,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("The price for a whole year."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("tagline"),
        FieldPanel("features"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("stripe_monthly_price_id"), FieldPanel("stripe_yearly_price_id")]
                ),
            ],
            heading=_("Stripe prices (amounts and currency come from Stripe)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("currency"),
                FieldRowPanel([FieldPanel("monthly_amount"), FieldPanel("yearly_amount")]),
            ],
            heading=_("Fallback display prices (shown while a period has no Stripe price)"),
            classname="collapsed",
        ),
        FieldRowPanel([FieldPanel("highlighted"), FieldPanel("sort_order")]),
        FieldPanel("cta_label"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="plan")

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["sort_order", "monthly_amount"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self) -> str:
        return self.name

    @property
    def feature_list(self) -> list[str]:
        return [line.strip() for line in self.features.splitlines() if line.strip()]

    @property
    def revisions(self) -> Any:
        return self._revisions

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "pricing/plan_preview.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        return {"plans": [_offers().preview_offer(self)], "previewing": self}


class PricingPage(ThemePreviewMixin, RoutablePageMixin, SeoMixin, Page):  # type: ignore[django-manager-missing]
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
        offers = _offers()
        context = super().get_context(request, *args, **kwargs)
        context["plans"] = offers.plans_with_prices()
        context["billing"] = offers.billing_period_from(request)
        return context

    @path("checkout/<slug:plan_slug>/", name="checkout")
    def checkout(self, request: HttpRequest, plan_slug: str) -> Any:
        """Where a plan's button leads. Until payments are set up it explains that, politely."""
        billing_period_from = _offers().billing_period_from
        offer = _offers().plan_with_prices(plan_slug)
        if offer is None:
            raise Http404
        if offer.price_for(billing_period_from(request)).is_free:
            return redirect("account_signup")  # a free plan has nothing to pay: sign up
        contact = ContactPage.objects.live().first()
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


def _offers() -> ModuleType:
    """`site_apps.billing.offers` (a plan with its prices), imported when first used.

    The one documented function-level import between apps (docs/architecture.md): billing
    owns the offers but reads the editors' `Plan` from this module, so importing it while this
    module loads would be a circle. It goes when `Plan` moves into billing."""
    from site_apps.billing import offers

    return offers
