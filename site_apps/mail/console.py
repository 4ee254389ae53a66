"""The development mailer: Django's console backend, printing each text part decoded.

Django writes the MIME message as sent, so a long link in a quoted-printable body comes out
wrapped (`confirm-emai=` on one line, the rest on the next) and cannot be clicked or copied.
This prints the headers as sent and every text part as the person would read it, links whole;
attachments are named, not dumped.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend

PRINTED_HEADERS = ("Subject", "From", "To", "Cc", "Reply-To", "Date", "Message-ID")


class ReadableConsoleEmailBackend(EmailBackend):
    def write_message(self, message: EmailMessage) -> None:
        mime = message.message()
        lines = [f"{name}: {mime[name]}" for name in PRINTED_HEADERS if mime[name] is not None]
        for part in mime.walk():
            if part.is_multipart():
                continue
            if part.get_content_maintype() == "text" and not part.get_filename():
                lines += ["", f"[{part.get_content_type()}]", part.get_content().rstrip("\n")]
            else:
                name = part.get_filename() or "unnamed"
                lines += ["", f"[attachment {name}, {part.get_content_type()}]"]
        self.stream.write("\n".join(lines) + "\n")
        self.stream.write("-" * 79 + "\n")
