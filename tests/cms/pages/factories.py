"""Standard and contact pages, the contact form's fields and newsletter subscriptions."""

from __future__ import annotations

import factory
import wagtail_factories

from cms.pages.models import ContactFormField, ContactPage, NewsletterSubscription, StandardPage
from tests.cms.blocks.factories import page_body
from tests.cms.home.factories import site_with_home


class StandardPageFactory(
    wagtail_factories.PageFactory, factory.django.DjangoModelFactory[StandardPage]
):
    """A page under the site's home page unless given a `parent`."""

    class Meta:
        model = StandardPage

    parent = factory.LazyFunction(site_with_home)
    title = factory.Sequence(lambda n: f"About {n}")
    body = page_body()  # empty unless given blocks


class ContactPageFactory(
    wagtail_factories.PageFactory, factory.django.DjangoModelFactory[ContactPage]
):
    class Meta:
        model = ContactPage

    parent = factory.LazyFunction(site_with_home)
    title = "Contact"


class ContactFormFieldFactory(factory.django.DjangoModelFactory[ContactFormField]):
    class Meta:
        model = ContactFormField

    page = factory.SubFactory(ContactPageFactory)
    locale = factory.SelfAttribute("page.locale")
    label = factory.Sequence(lambda n: f"Field {n}")
    field_type = "singleline"
    required = True
    sort_order = factory.Sequence(int)


class NewsletterSubscriptionFactory(factory.django.DjangoModelFactory[NewsletterSubscription]):
    class Meta:
        model = NewsletterSubscription

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    source = "footer"
