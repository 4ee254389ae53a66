"""Every model of the project's apps (cms/ and site_apps/) and the factory that makes one.

The factories live beside each app's tests (`tests/<package path>/factories.py`);
`tests/test_factories.py` holds this list to every model the project declares, so a new model
comes with its factory."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from factory.django import DjangoModelFactory

from tests.cms.blog.factories import (
    AuthorFactory,
    BlogCategoryFactory,
    BlogIndexPageFactory,
    BlogPostPageFactory,
    BlogPostTagFactory,
)
from tests.cms.home.factories import DemoContentFactory, HomePageFactory
from tests.cms.navigation.factories import FooterFactory, MainMenuFactory
from tests.cms.pages.factories import (
    ContactFormFieldFactory,
    ContactPageFactory,
    NewsletterSubscriptionFactory,
    StandardPageFactory,
)
from tests.cms.pricing.factories import PlanFactory, PricingPageFactory
from tests.cms.theme.factories import ThemeSettingsFactory
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.ai.factories import AiSettingsFactory, ModelCallFactory, MonthlyUsageFactory
from tests.site_apps.api.factories import DailyUsageFactory, TeamAPIKeyFactory
from tests.site_apps.billing.factories import (
    CustomerFactory,
    PlanGrantFactory,
    PriceFactory,
    ProductFactory,
    SubscriptionFactory,
    WebhookEventFactory,
)
from tests.site_apps.common.factories import NoteFactory
from tests.site_apps.experiments.factories import ParticipantFactory
from tests.site_apps.observability.factories import (
    QueuedTaskContextFactory,
    SentryWebhookDeliveryFactory,
    TodoItemFactory,
)
from tests.site_apps.security.factories import LimitCounterFactory
from tests.site_apps.sms.factories import (
    OutgoingMessageFactory,
    PhoneVerificationFactory,
    StatusEventFactory,
)
from tests.site_apps.teams.factories import InvitationFactory, MembershipFactory, TeamFactory
from tests.site_apps.uploads.factories import UploadFactory

PROJECT_PACKAGES = ("cms.", "site_apps.")

FACTORIES: list[type[DjangoModelFactory[Any]]] = [
    # cms
    HomePageFactory,
    DemoContentFactory,
    ThemeSettingsFactory,
    MainMenuFactory,
    FooterFactory,
    StandardPageFactory,
    ContactFormFieldFactory,
    ContactPageFactory,
    NewsletterSubscriptionFactory,
    AuthorFactory,
    BlogCategoryFactory,
    BlogPostTagFactory,
    BlogIndexPageFactory,
    BlogPostPageFactory,
    PlanFactory,
    PricingPageFactory,
    # site_apps
    NoteFactory,
    LimitCounterFactory,
    UserFactory,
    TodoItemFactory,
    SentryWebhookDeliveryFactory,
    QueuedTaskContextFactory,
    TeamFactory,
    MembershipFactory,
    InvitationFactory,
    TeamAPIKeyFactory,
    DailyUsageFactory,
    UploadFactory,
    ProductFactory,
    PriceFactory,
    CustomerFactory,
    SubscriptionFactory,
    PlanGrantFactory,
    WebhookEventFactory,
    AiSettingsFactory,
    MonthlyUsageFactory,
    ModelCallFactory,
    ParticipantFactory,
    PhoneVerificationFactory,
    OutgoingMessageFactory,
    StatusEventFactory,
]


def factory_for(model: type[Model]) -> type[DjangoModelFactory[Any]]:
    """The factory that makes `model` (KeyError: the model has none yet)."""
    return {factory._meta.model: factory for factory in FACTORIES}[model]
