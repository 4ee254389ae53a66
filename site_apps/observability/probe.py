"""Health probes: the container's HEALTHCHECK, and platform probes that come by IP address.

`python -m site_apps.observability.probe [live|ready]` is the image's HEALTHCHECK: plain urllib
(the slim image has no curl) and no Django import, so a probe costs milliseconds. It asks the
server in this container under a host name the site accepts (the first of ALLOWED_HOSTS), since
Django refuses requests for other hosts. Exit 0 when healthy, 1 when not.

`ProbeHostMiddleware` is for probes we do not write: Fly.io, Kubernetes and most load
balancers ask a machine by its private address (`Host: 172.19.0.5:8000`).
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

HEALTH_PATH_PREFIX = "/health/"


def probe_host(allowed_hosts: str) -> str:
    """A concrete host name from ALLOWED_HOSTS (".example.com" means example.com too)."""
    for entry in allowed_hosts.split(","):
        host = entry.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


class ProbeHostMiddleware:
    """Lets health probes in under whatever Host they send; every other request is untouched.

    A platform that probes by IP address gets a 400 from ALLOWED_HOSTS (rightly, for pages), so
    its machines would never turn healthy. For paths under /health/ only, a Host that
    ALLOWED_HOSTS refuses is replaced by one it accepts. Health answers build no links, so the
    host they were asked under does not matter. Goes before SecurityMiddleware and
    CommonMiddleware, which read the host.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(HEALTH_PATH_PREFIX):
            # imported here: the HEALTHCHECK runs this module without Django (`python -m`)
            from django.conf import settings
            from django.http.request import split_domain_port, validate_host

            domain, _port = split_domain_port(request.META.get("HTTP_HOST", ""))
            if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
                request.META["HTTP_HOST"] = probe_host(",".join(settings.ALLOWED_HOSTS))
        return self.get_response(request)


def main(argv: list[str]) -> int:
    endpoint = argv[1] if len(argv) > 1 else "live"
    if endpoint not in ("live", "ready"):
        print(f"unknown endpoint {endpoint!r}: use live or ready", file=sys.stderr)  # noqa: T201
        return 2
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/health/{endpoint}/",
        headers={"Host": probe_host(os.environ.get("ALLOWED_HOSTS", ""))},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as e:
        print(f"health/{endpoint} failed: {e}", file=sys.stderr)  # noqa: T201
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
