"""Loops (loops.so) transactional email over its HTTP API.

The only module that talks to Loops. Loops has no official Python SDK, so this speaks its
documented wire format with `requests`: `POST {api}/transactional` with a bearer key, a JSON body
(`transactionalId`, `email`, `dataVariables`, `attachments`) and an `Idempotency-Key` header, so a
retry after a timeout never sends the same email twice.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from site_apps.common.errors import ProviderError

logger = logging.getLogger(__name__)

LOOPS_API_URL = "https://app.loops.so/api/v1"
# Worth another try with the same idempotency key: Loops is busy or briefly down.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


class LoopsError(ProviderError):
    """Loops refused or could not take a message; the message says why, in Loops' words (for
    the logs: people read `public_message`)."""

    def __init__(self, message: str, *, status: int | None = None, path: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.path = path


@dataclass(frozen=True)
class TransactionalEmail:
    """One transactional email to one recipient, as Loops' API takes it."""

    email: str
    transactional_id: str
    data_variables: dict[str, str | int] = field(default_factory=dict)
    attachments: list[dict[str, str]] = field(default_factory=list)
    idempotency_key: str = ""

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "transactionalId": self.transactional_id,
            "email": self.email,
            "dataVariables": self.data_variables,
        }
        if self.attachments:
            body["attachments"] = self.attachments
        return body


class LoopsClient:
    """Sends transactional emails; raises `LoopsError` for every failure, after retrying the
    temporary ones (timeouts, connection errors, 429 and 5xx) with the same idempotency key."""

    def __init__(
        self,
        api_key: str,
        *,
        api_url: str = LOOPS_API_URL,
        timeout: float | tuple[float, float] = 10.0,
        attempts: int = 2,
        retry_delay: float = 0.5,
    ) -> None:
        if not api_key:
            raise ValueError("A Loops API key is required.")
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.retry_delay = retry_delay
        self.session = requests.Session()
        self.session.headers.update(
            {"Authorization": f"Bearer {api_key}", "Accept": "application/json"}
        )

    def send_transactional(self, message: TransactionalEmail) -> None:
        url = f"{self.api_url}/transactional"
        headers = {"Idempotency-Key": message.idempotency_key} if message.idempotency_key else {}
        last_error: LoopsError | None = None
        for attempt in range(1, self.attempts + 1):
            if attempt > 1:
                time.sleep(self.retry_delay * (attempt - 1))
            try:
                response = self.session.post(
                    url, json=message.payload(), headers=headers, timeout=self.timeout
                )
            except requests.Timeout:
                seconds = sum(self.timeout) if isinstance(self.timeout, tuple) else self.timeout
                last_error = LoopsError(f"Loops did not answer within {seconds:g} s.")
            except requests.RequestException as error:
                last_error = LoopsError(f"Could not reach Loops: {error}")
            else:
                if response.ok:
                    return
                if response.status_code == 409 and attempt > 1 and message.idempotency_key:
                    # An earlier attempt did arrive (its answer was lost): the email is on its way.
                    return
                last_error = error_from_response(response)
                if response.status_code not in RETRYABLE_STATUSES:
                    break
            logger.warning(
                "Loops send to %s failed (attempt %d of %d): %s",
                message.email,
                attempt,
                self.attempts,
                last_error,
            )
        assert last_error is not None
        raise last_error


def error_from_response(response: requests.Response) -> LoopsError:
    """Loops answers errors with `{"success": false, "message": ..., "path": ...}` (sometimes
    nested under "error"); keep its words, they say what to fix."""
    message, path = "", ""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        nested = body.get("error")
        details: dict[str, Any] = {**(nested if isinstance(nested, dict) else {}), **body}
        message = str(details.get("message") or "")
        path = str(details.get("path") or "")
    if not message:
        message = (response.text or response.reason or "no details").strip()[:300]
    where = f" ({path})" if path else ""
    return LoopsError(
        f"Loops refused the email with HTTP {response.status_code}{where}: {message}",
        status=response.status_code,
        path=path,
    )
