"""Phone verifications, the text messages sent for them and the delivery reports received.

Rows only: the verification codes themselves are sent and checked through `services`."""

from __future__ import annotations

import factory

from site_apps.sms.models import OutgoingMessage, PhoneVerification, Purpose, Status, StatusEvent
from tests.site_apps.accounts.factories import UserFactory


class PhoneVerificationFactory(factory.django.DjangoModelFactory[PhoneVerification]):
    """An open verification of a number, before any code was sent."""

    class Meta:
        model = PhoneVerification

    user = factory.SubFactory(UserFactory)
    phone = "+447400123456"
    purpose = Purpose.VERIFY_PHONE


class OutgoingMessageFactory(factory.django.DjangoModelFactory[OutgoingMessage]):
    """A message the provider accepted, for a verification."""

    class Meta:
        model = OutgoingMessage

    verification = factory.SubFactory(PhoneVerificationFactory)
    user = factory.SelfAttribute("verification.user")
    to = factory.SelfAttribute("verification.phone")
    purpose = factory.SelfAttribute("verification.purpose")
    body = "Your code is 123456."
    language = "en"
    backend = "locmem"
    provider_id = factory.Sequence(lambda n: f"SM{n:032x}")
    status = Status.QUEUED


class StatusEventFactory(factory.django.DjangoModelFactory[StatusEvent]):
    """A delivery report from the provider's status callback."""

    class Meta:
        model = StatusEvent

    message = factory.SubFactory(OutgoingMessageFactory)
    provider_id = factory.SelfAttribute("message.provider_id")
    status = Status.DELIVERED
    source = StatusEvent.Source.CALLBACK
