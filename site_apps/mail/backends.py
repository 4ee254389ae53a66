"""A Django email backend that sends through Loops, selected in `MAILERS` from the environment.

Loops sends transactional email from templates kept in Loops, so every message the site writes
(allauth's verification and reset emails, team invitations...) goes through ONE Loops template
whose data variables `subject` and `body` carry our own subject and plain-text body.
"""

from __future__ import annotations

import base64
import mimetypes
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.html import strip_tags

from site_apps.mail.gateway import LOOPS_API_URL, LoopsClient, LoopsError, TransactionalEmail


class LoopsEmailBackend(BaseEmailBackend):
    """Each recipient (to, cc and bcc) gets its own Loops call; any failure raises `LoopsError`
    naming the recipient, so a caller (or Django's error handling) always learns about it."""

    def __init__(
        self,
        *,
        api_key: str,
        transactional_id: str,
        api_url: str = LOOPS_API_URL,
        timeout: float | tuple[float, float] = 10.0,
        attempts: int = 2,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not transactional_id:
            raise ValueError("A Loops transactional email id is required (LOOPS_TRANSACTIONAL_ID).")
        self.transactional_id = transactional_id
        self.client = LoopsClient(api_key, api_url=api_url, timeout=timeout, attempts=attempts)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            message_id = uuid.uuid4().hex
            for index, recipient in enumerate(message.recipients()):
                self.client.send_transactional(
                    TransactionalEmail(
                        email=recipient,
                        transactional_id=self.transactional_id,
                        data_variables={
                            "subject": str(message.subject),
                            "body": plain_body(message),
                        },
                        attachments=loops_attachments(message),
                        idempotency_key=f"{message_id}-{index}",
                    )
                )
            sent += 1
        return sent


def plain_body(message: EmailMessage) -> str:
    """The text Loops shows: the plain body, or the HTML one without its tags."""
    if message.content_subtype == "html":
        return strip_tags(str(message.body)).strip()
    return str(message.body)


def loops_attachments(message: EmailMessage) -> list[dict[str, str]]:
    """Attachments as Loops takes them: file name, content type and base64 data."""
    found = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise LoopsError("Loops takes files as attachments, not hand-built MIME parts.")
        filename, content, mimetype = attachment
        filename = filename or "attachment"
        data = content.encode() if isinstance(content, str) else bytes(content)
        found.append(
            {
                "filename": filename,
                "contentType": mimetype
                or mimetypes.guess_type(filename)[0]
                or "application/octet-stream",
                "data": base64.b64encode(data).decode("ascii"),
            }
        )
    return found
