"""SMS backends, chosen by `SMS_BACKEND` like Django's email backends.

- `ConsoleBackend` (the development default) prints each message to standard output;
- `LocmemBackend` (the tests') keeps them in `site_apps.sms.backends.outbox`;
- `TwilioBackend` (production) hands them to Twilio Programmable Messaging;
- `DisabledBackend` sends nothing, and the account page says SMS is not set up.

A backend takes one message and answers with the gateway's typed values: `SentMessage` when the
message was handed over, `SendFailure` when not. It never raises for a provider's failure.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from site_apps.sms import gateway
from site_apps.sms.gateway import SendFailure, SentMessage


@dataclass(frozen=True)
class Sms:
    """A text message as the backend receives it (the only place the code is written out)."""

    to: str
    body: str
    status_callback: str = ""


class BaseBackend:
    name = "base"
    # Whether the provider reports delivery later (a status callback), or the answer is final.
    reports_delivery = False
    enabled = True

    def send(self, message: Sms) -> SentMessage | SendFailure:
        raise NotImplementedError


_ids = itertools.count(1)


class ConsoleBackend(BaseBackend):
    """Prints the message, for development: the code is read from the terminal."""

    name = "console"

    def send(self, message: Sms) -> SentMessage | SendFailure:
        sys.stdout.write(f"-- SMS to {message.to} --\n{message.body}\n-- end of SMS --\n")
        sys.stdout.flush()
        return SentMessage(provider_id=f"console-{next(_ids)}", status="delivered", segments=1)


outbox: list[Sms] = []


class LocmemBackend(BaseBackend):
    """Keeps the messages in `outbox` (tests read codes from there). `fail_with` makes the next
    sends fail as a provider would, with that error code."""

    name = "locmem"
    fail_with: str = ""

    def send(self, message: Sms) -> SentMessage | SendFailure:
        if LocmemBackend.fail_with:
            return SendFailure(error_code=LocmemBackend.fail_with, error_message="Test failure.")
        outbox.append(message)
        return SentMessage(provider_id=f"locmem-{next(_ids)}", status="delivered", segments=1)


class TwilioBackend(BaseBackend):
    """Twilio Programmable Messaging; delivery arrives later at /sms/twilio/status/."""

    name = "twilio"
    reports_delivery = True

    def send(self, message: Sms) -> SentMessage | SendFailure:
        return gateway.send_sms(
            to=message.to, body=message.body, status_callback=message.status_callback
        )


class DisabledBackend(BaseBackend):
    """No SMS on this site: nothing is offered, and nothing is sent."""

    name = "disabled"
    enabled = False

    def send(self, message: Sms) -> SentMessage | SendFailure:
        return SendFailure(error_code="disabled", error_message="SMS are not set up on this site.")


@cache
def _backend(path: str) -> BaseBackend:
    backend = import_string(path)()
    if not isinstance(backend, BaseBackend):
        raise TypeError(f"SMS_BACKEND {path} is not an SMS backend.")
    return backend


def get_backend() -> BaseBackend:
    return _backend(settings.SMS_BACKEND)
