"""The site's 500 handler (`handler500` in cms/urls.py), which tells an outage from a bug.

When the database cannot be reached or does not answer in time (its connect, statement and
answer timeouts, see cms/postgresql), the error is an outage, not a bug: the answer is 503 with
`Retry-After`, as a page or as JSON, so browsers, API clients, webhooks and load balancers know
to come back. Anything else keeps Django's 500 page (JSON in the API's shape for programs).
Both are made without touching the database.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views import defaults

from site_apps.security.responses import refusal, wants_json

OUTAGES = (OperationalError, InterfaceError)


def is_outage(error: BaseException | None) -> bool:
    return isinstance(error, OUTAGES)


def unavailable(request: HttpRequest) -> HttpResponse:
    return refusal(
        request,
        503,
        "service_unavailable",
        _("We are having trouble reaching our database. Please try again in a moment."),
        title=_("Back in a moment"),
        retry_after=settings.OUTAGE_RETRY_AFTER,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if is_outage(sys.exc_info()[1]):
        return unavailable(request)
    if wants_json(request):
        return refusal(
            request,
            500,
            "server_error",
            _("Something went wrong on our side. Please try again."),
        )
    return defaults.server_error(request)
