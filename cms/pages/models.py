"""General content pages (About and the like), the contact form, and newsletter sign-ups."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.blocks import BODY_BLOCKS
from cms.pages.privacy import CachedViewRestrictionsMixin
from cms.seo.forms import FormPageForm
from cms.seo.models import SeoMixin
from cms.theme.preview import ThemePreviewMixin
from site_apps.security.limits import retry_after

HONEYPOT_FIELD = "website"


class StandardPage(CachedViewRestrictionsMixin, ThemePreviewMixin, SeoMixin, Page):  # type: ignore[django-manager-missing]
    """Any page told in blocks under a title and introduction: About, Careers, Security..."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=500,
        help_text=_(
            "Shown under the title. Not shown when the body opens with a hero marked as the "
            "page's main heading: that hero replaces the title and this introduction."
        ),
    )
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = SeoMixin.promote_panels
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage", "pages.ContactPage"]
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.preload_images(self.body)
        return super().get_context(request, *args, **kwargs)


class ContactFormField(TranslatableMixin, AbstractFormField):
    """A field of the contact form. Its label, help text, choices and default are translated
    with the page; its `clean_name` (the submission's key) is kept from the source language, so
    submissions in every language share one set of keys."""

    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("help_text"),
        TranslatableField("choices"),
        TranslatableField("default_value"),
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("required"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


class ContactPage(CachedViewRestrictionsMixin, SeoMixin, AbstractEmailForm):  # type: ignore[django-manager-missing]
    """Wagtail's form builder: submissions are stored, emailed to staff, bots are dropped.

    A hidden "website" field is the honeypot: people never see it, bots fill it in, and such a
    submission gets the normal thank-you page but is neither stored nor emailed.
    """

    base_form_class = FormPageForm

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    thank_you_text = RichTextField(_("thank-you message"), blank=True)
    contact_details = RichTextField(
        _("contact details"), blank=True, help_text=_("Shown beside the form: address, hours...")
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("contact_details"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email to staff"),
        ),
    ]
    promote_panels = SeoMixin.promote_panels

    parent_page_types = ["home.HomePage", "pages.StandardPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "pages/contact_page.html"
    landing_page_template = "pages/contact_page_landing.html"

    class Meta:
        verbose_name = _("contact page")

    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        """Wagtail's generated form, with the brand colour on its choices and a length limit on
        every text field (multi-line ones have none of their own)."""
        form = super().get_form(*args, **kwargs)
        for bound in form:
            field = bound.field
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = settings.CONTACT_MESSAGE_MAX_LENGTH
                field.validators.append(MaxLengthValidator(field.max_length))
                field.widget.attrs["maxlength"] = str(field.max_length)
            # The template's styled_widget gives each kind its classes (and its error look);
            # choices here take the brand colour.
            if isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "checkbox-primary"
            elif isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "radio-primary"
        return form

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.preload_images()
        return super().get_context(request, *args, **kwargs)

    def send_mail(self, form: Any) -> None:
        # imported here: the services import this module's models
        from cms.pages.services import email_submission_to_staff

        email_submission_to_staff(self, form)

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # imported here: the services import this module's models
        from cms.pages.services import is_spam

        if request.method == "POST" and is_spam(request.POST):
            # Looks like success to the bot; nothing is kept or sent.
            return self.render_landing_page(request, None, *args, **kwargs)
        if request.method == "POST" and self.would_send(request):
            # Only a message that would be sent counts: a visitor correcting a form sent back
            # with errors is never the one held back (and no email reaches staff for it).
            wait = retry_after("contact", request, self.submitted_address(request.POST))
            if wait is not None:
                return self.refuse_for_now(request, wait)
        return super().serve(request, *args, **kwargs)

    def would_send(self, request: HttpRequest) -> bool:
        """Whether this POST is a message Wagtail's `serve` would store and send."""
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        return form.is_valid()

    def submitted_address(self, data: Any) -> str:
        """The email address typed into the form's first email field, if any."""
        for field in self.get_form_fields():
            if field.field_type == "email":
                return str(data.get(field.clean_name, ""))[:254]
        return ""

    def refuse_for_now(self, request: HttpRequest, wait: int) -> Any:
        """The form again, as typed, saying when to send it: 429 with Retry-After."""
        form = self.get_form(request.POST, page=self, user=request.user)
        form.add_error(
            None,
            gettext(
                "You have sent several messages in a short time. Please wait %(minutes)s "
                "minutes and send it again."
            )
            % {"minutes": max(1, round(wait / 60))},
        )
        context = self.get_context(request)
        context["form"] = form
        response = TemplateResponse(request, self.get_template(request), context, status=429)
        response["Retry-After"] = str(wait)
        return response


class NewsletterSubscription(models.Model):
    """An email address that asked for the newsletter from a signup block."""

    email = models.EmailField(_("email"), unique=True)
    source = models.CharField(_("signed up on"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email
