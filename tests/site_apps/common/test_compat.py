"""Each of the few places we lean on Django or Wagtail beyond their documented API
(`site_apps/common/compat.py`) still does what we rely on, with the versions installed. One of
these failing after an upgrade names the helper to rewrite."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.test import RequestFactory
from django.utils.csp import CSP
from django.utils.functional import SimpleLazyObject
from wagtail import hooks
from wagtail.models import Page

from site_apps.common import compat

ONLY_SELF = {"default-src": [CSP.SELF]}


def test_override_csp_is_the_policy_djangos_middleware_sends():
    request = RequestFactory().get("/")
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)
    response = compat.override_csp(HttpResponse(), {"default-src": [CSP.NONE]})
    sent = middleware.process_response(request, response)  # type: ignore[arg-type]
    assert sent[CSP.HEADER_ENFORCE] == "default-src 'none'"
    plain = middleware.process_response(request, HttpResponse())
    assert plain[CSP.HEADER_ENFORCE] != "default-src 'none'", "the site's own policy otherwise"


@pytest.mark.django_db
def test_call_on_close_runs_once_the_response_is_closed():
    calls: list[str] = []
    response = HttpResponse("body")
    compat.call_on_close(response, lambda: calls.append("closed"))
    assert calls == []
    response.close()
    assert calls == ["closed"]


def test_lazy_object_evaluated_tells_without_loading_it():
    loads: list[int] = []

    def load() -> str:
        loads.append(1)
        return "value"

    lazy = SimpleLazyObject(load)
    assert not compat.lazy_object_evaluated(lazy)
    assert loads == [], "asking does not load it"
    assert str(lazy) == "value"
    assert compat.lazy_object_evaluated(lazy)


def test_csp_config_reads_back_the_policy_chosen_for_a_response():
    chosen = compat.override_csp(HttpResponse(), {"default-src": [CSP.NONE]})
    assert compat.csp_config(chosen) == {"default-src": [CSP.NONE]}
    assert compat.csp_config(HttpResponse()) is None


@pytest.mark.django_db
def test_wagtail_reuses_the_route_set_on_the_request(home_page):
    request = RequestFactory().get("/anything/")
    assert not compat.has_wagtail_route(request)
    route: tuple[object, list[object], dict[str, object]] = (home_page, [], {})
    compat.set_wagtail_route(request, route)
    assert compat.has_wagtail_route(request)
    assert Page.route_for_request(request, "/anything/") is route


@pytest.mark.django_db
def test_wagtail_builds_page_urls_from_the_root_paths_set_on_the_request(home_page):
    request = RequestFactory().get("/")
    assert home_page.get_url(request) is not None
    request = RequestFactory().get("/")
    compat.set_site_root_paths(request, [])  # no site holds the page, as far as Wagtail knows
    assert home_page.get_url(request) is None


def test_wagtail_reuses_the_site_set_on_the_request(home_page, rf):
    from wagtail.models import Site

    request = rf.get("/", HTTP_HOST="somewhere-else.example.com")
    assert not compat.has_wagtail_site(request)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Handed over"
    compat.set_wagtail_site(request, site)
    assert compat.has_wagtail_site(request)
    assert Site.find_for_request(request) is site


def test_an_unregistered_wagtail_hook_is_no_longer_called_and_the_others_are():
    def replaced(page, request, serve_args, serve_kwargs):
        return None

    def kept(page, request, serve_args, serve_kwargs):
        return None

    hooks.register("before_serve_page", replaced)
    hooks.register("before_serve_page", kept)
    try:
        compat.unregister_wagtail_hook("before_serve_page", replaced)
        serving = hooks.get_hooks("before_serve_page")
        assert replaced not in serving
        assert kept in serving
        with pytest.raises(ValueError, match="not registered"):
            compat.unregister_wagtail_hook("before_serve_page", replaced)
    finally:
        compat.unregister_wagtail_hook("before_serve_page", kept)
    assert kept not in hooks.get_hooks("before_serve_page")
