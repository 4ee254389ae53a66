"""One family of errors for what the site refuses to do, mapped once for the API and once for
HTML pages.

A service raises an `ApplicationError` (or a subclass) with a translated message fit to show
the person; the API answers it in its JSON shape (`site_apps/api/errors.py`: `type` is the
error's `code`, the status its `http_status`), and an HTML view that does not catch it shows
the message on an error page with that status (`site_apps/common/middleware.py`). A
`ProviderError` is an outside service that refused or could not be reached: its own message is
for the logs, and people read `default_message` instead, with a 502.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """An action that cannot go ahead; the message says why, in words fit to show the person."""

    code: str = "application_error"  # the API's `type`: stable, machine-readable
    http_status: int = 400
    message_is_public: bool = True  # False: show `default_message`, log the message
    as_validation_error: bool = False  # True: the API answers `validation_error` (400)
    default_message: str | Promise = _("This cannot be done.")

    def __init__(self, message: str | Promise | None = None) -> None:
        super().__init__(str(message if message is not None else self.default_message))

    @property
    def public_message(self) -> str:
        """What a person is shown: the message, or `default_message` when it is not public."""
        if self.message_is_public and str(self):
            return str(self)
        return str(self.default_message)


class ProviderError(ApplicationError):
    """An outside service (Stripe, Loops...) refused or could not be reached."""

    code = "provider_error"
    http_status = 502
    message_is_public = False
    default_message = _("A service we rely on did not answer. Please try again in a moment.")
