"""The Wagtail admin's content security policy.

The public site runs under the strict `SECURE_CSP`. Wagtail's admin still renders a few inline
scripts and style attributes and previews embeds from other origins, so its pages get
`ADMIN_CSP` instead. Listed after Django's CSP middleware, so its response hook runs first.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from site_apps.common.compat import override_csp


class AdminContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            override_csp(response, settings.ADMIN_CSP)
        return response
