"""The one module that talks to Twilio, through Twilio's own SDK (`twilio`).

It returns typed values (`SentMessage`, `SendFailure`), never SDK objects or Twilio's JSON, and
never raises for a provider's refusal, an outage or a timeout: a text message that could not be
handed over is an ordinary outcome the caller records. Every API call is one try with two
timeouts, through the SDK's `TwilioHttpClient`: connecting (`PROVIDER_TIMEOUT`'s first, as for
every provider) and waiting for the answer (`TWILIO_TIMEOUT`, by default `PROVIDER_TIMEOUT`'s
second). With the default in-process tasks the send runs within the request, so a hung Twilio
costs the page no more than any other provider. `TWILIO_API_BASE` points the SDK at another
server; the tests run a local fake Twilio there.

Twilio Programmable Messaging rather than Twilio Verify: the codes, their expiry, the tries and
the limits stay ours (one code path for every backend, tested without Twilio), and each message
is a row with its own delivery status. See docs/sms.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import requests
from django.conf import settings
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client


class SmsNotConfigured(Exception):
    """TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN or a sender is missing."""


@dataclass(frozen=True)
class SentMessage:
    """Twilio took the message: its id (SM...), its first status, and how many parts it has."""

    provider_id: str
    status: str
    segments: int | None = None


@dataclass(frozen=True)
class SendFailure:
    """Twilio refused the message, failed, or did not answer in time.

    `error_code` is Twilio's numbered error (e.g. "21211" for an invalid number), or "timeout",
    "unreachable", "http-<status>" when Twilio gave no number.
    """

    error_code: str
    error_message: str


def is_configured() -> bool:
    return bool(
        settings.TWILIO_ACCOUNT_SID
        and settings.TWILIO_AUTH_TOKEN
        and (settings.TWILIO_FROM_NUMBER or settings.TWILIO_MESSAGING_SERVICE_SID)
    )


class _HttpClient(TwilioHttpClient):
    """Twilio's HTTP client with separate connect and read timeouts (requests' pair), which
    its constructor does not take."""

    def __init__(self, connect: float, read: float) -> None:
        super().__init__(timeout=read)
        self.timeout = (connect, read)


@cache
def _client(
    account_sid: str, auth_token: str, api_base: str, connect: float, read: float
) -> Client:
    client = Client(account_sid, auth_token, http_client=_HttpClient(connect, read))
    if api_base:
        client.api.base_url = api_base
    return client


def client() -> Client:
    if not is_configured():
        raise SmsNotConfigured(
            "Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER "
            "(or TWILIO_MESSAGING_SERVICE_SID)."
        )
    return _client(
        settings.TWILIO_ACCOUNT_SID,
        settings.TWILIO_AUTH_TOKEN,
        settings.TWILIO_API_BASE,
        float(settings.PROVIDER_TIMEOUT[0]),
        float(settings.TWILIO_TIMEOUT),
    )


def send_sms(*, to: str, body: str, status_callback: str = "") -> SentMessage | SendFailure:
    """Hand one SMS to Twilio. A timeout is not retried: Twilio may have taken the message, and
    a second one would carry a second code."""
    params: dict[str, Any] = {"to": to, "body": body}
    if settings.TWILIO_MESSAGING_SERVICE_SID:
        params["messaging_service_sid"] = settings.TWILIO_MESSAGING_SERVICE_SID
    if settings.TWILIO_FROM_NUMBER:
        params["from_"] = settings.TWILIO_FROM_NUMBER
    if status_callback:
        params["status_callback"] = status_callback
    try:
        created = client().messages.create(**params)
    except TwilioRestException as error:
        code = str(error.code) if error.code else f"http-{error.status}"
        return SendFailure(error_code=code, error_message=str(error.msg or "")[:255])
    except requests.ConnectTimeout:
        return SendFailure(
            error_code="timeout",
            error_message=f"Twilio took no connection within {settings.PROVIDER_TIMEOUT[0]:g} s.",
        )
    except requests.Timeout:
        return SendFailure(
            error_code="timeout",
            error_message=f"Twilio did not answer within {settings.TWILIO_TIMEOUT:g} s.",
        )
    except requests.RequestException as error:
        return SendFailure(error_code="unreachable", error_message=type(error).__name__)
    except SmsNotConfigured as error:
        return SendFailure(error_code="not-configured", error_message=str(error))
    except Exception as error:  # the SDK could not read Twilio's answer
        return SendFailure(error_code="error", error_message=type(error).__name__)
    if created.error_code:
        return SendFailure(
            error_code=str(created.error_code), error_message=str(created.error_message or "")
        )
    segments = str(created.num_segments or "")
    return SentMessage(
        provider_id=str(created.sid),
        status=str(created.status or "queued"),
        segments=int(segments) if segments.isdigit() else None,
    )


def signature_is_valid(url: str, params: Mapping[str, Any], signature: str) -> bool:
    """Whether `X-Twilio-Signature` is Twilio's: base64 HMAC-SHA1, keyed with the auth token,
    of the public URL Twilio called followed by each POST parameter's name and value, sorted."""
    if not settings.TWILIO_AUTH_TOKEN or not signature:
        return False
    return bool(RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, params, signature))
