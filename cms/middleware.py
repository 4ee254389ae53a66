"""Content security policy: the public site's inline stylesheet, and the Wagtail admin's policy.

The public site runs under the strict `SECURE_CSP`, plus the hash of the CSS each page writes
into its `<head>` (cms/theme/stylesheet.py). Wagtail's admin still renders a few inline scripts
and style attributes and previews embeds from other origins, so its pages get `ADMIN_CSP`
instead; its middleware is listed after the CSP middleware, so its response hook runs first.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware import csp
from django.utils.csp import CSP

from cms.theme.stylesheet import inline_style_sources
from site_apps.common.compat import csp_config, override_csp


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's, with `style-src` allowing the inline CSS this response's page carries, by hash
    (only that text: any other inline style stays refused). A policy that already allows
    every inline style is left alone: a hash beside 'unsafe-inline' would switch it off."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        sources = inline_style_sources(request)
        if sources:
            config: dict[str, Any] = dict(csp_config(response) or settings.SECURE_CSP)
            styles = list(config.get("style-src") or config.get("default-src") or [])
            if styles and CSP.UNSAFE_INLINE not in styles:
                config["style-src"] = [*styles, *sorted(sources)]
                override_csp(response, config)
        return super().process_response(request, response)


class AdminContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            override_csp(response, settings.ADMIN_CSP)
        return response
