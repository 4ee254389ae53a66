"""Where we lean on Django or Wagtail beyond their documented API, in one place.

Each helper says why no public way exists. `tests/site_apps/common/test_compat.py` checks every
one against the installed versions, so an upgrade that changes one fails there, by name,
instead of quietly (a lost CSP, a flush never queued, Wagtail routing every page twice).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import SimpleLazyObject, empty
from django.views.decorators.csp import csp_override
from wagtail import hooks


def override_csp(response: HttpResponseBase, config: Mapping[str, Any]) -> HttpResponseBase:
    """This response's Content-Security-Policy instead of `SECURE_CSP`: what Django's public
    `csp_override` decorator does for a view, for code that holds a response rather than a
    view (a middleware choosing by path, a helper shared by several views). Public API only."""
    return csp_override(dict(config))(lambda _request: response)(None)


def csp_config(response: HttpResponseBase) -> Mapping[str, Any] | None:
    """The policy a view or middleware chose for this response with `csp_override`, or None
    for `SECURE_CSP`: Django keeps it on the response and offers no public way to read it."""
    return getattr(response, "_csp_config", None)


def call_on_close(response: HttpResponseBase, callback: Callable[[], object]) -> None:
    """Run `callback` when the server closes the response, after its last byte has gone.
    Django has no public hook for one response (the `request_finished` signal fires for every
    request), so this joins the closers it keeps for the response's own file objects."""
    response._resource_closers.append(callback)  # type: ignore[attr-defined]


def lazy_object_evaluated(value: SimpleLazyObject[Any]) -> bool:
    """Whether a lazy object (such as `request.user`) was loaded already, without loading it:
    Django offers no public way to ask."""
    return value._wrapped is not empty


def has_wagtail_route(request: HttpRequest) -> bool:
    """Whether Wagtail's page route for this request is decided already."""
    return hasattr(request, "_wagtail_route_for_request")


def set_wagtail_route(request: HttpRequest, route: Any) -> None:
    """Hand Wagtail the page route for this request (`Page.route_for_request` keeps its answer
    on the request and reuses it; it has no public setter)."""
    request._wagtail_route_for_request = route  # type: ignore[attr-defined]


def has_wagtail_site(request: HttpRequest) -> bool:
    """Whether Wagtail's Site for this request is found already."""
    return hasattr(request, "_wagtail_site")


def set_wagtail_site(request: HttpRequest, site: Any) -> None:
    """Hand Wagtail the Site for this request (`Site.find_for_request` keeps its answer on the
    request and reuses it; it has no public setter)."""
    request._wagtail_site = site  # type: ignore[attr-defined]


def set_site_root_paths(request: HttpRequest, paths: Sequence[Any]) -> None:
    """Hand Wagtail the site root paths for this request, so page URLs do not ask the cache
    for them again (`Page.get_url_parts` keeps them on the request; no public setter)."""
    request._wagtail_cached_site_root_paths = paths  # type: ignore[attr-defined]


def unregister_wagtail_hook(hook_name: str, fn: Callable[..., Any]) -> None:
    """Stop Wagtail calling `fn` for `hook_name`, when an app replaces one of a library's hooks
    and keeps the rest. Wagtail can register a hook but has no public way to take one back
    (`hooks.register_temporarily` removes only what it added itself), so this edits its
    registry. Raises ValueError when `fn` is not registered for `hook_name`."""
    registered = hooks._hooks.get(hook_name, [])
    kept = [(hook, order) for hook, order in registered if hook is not fn]
    if len(kept) == len(registered):
        raise ValueError(f"{fn!r} is not registered for the Wagtail hook {hook_name!r}")
    registered[:] = kept
