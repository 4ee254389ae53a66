"""The container's HEALTHCHECK: `python -m site_apps.observability.probe [live|ready]`.

Plain urllib (the slim image has no curl) and no Django import, so a probe costs milliseconds.
It asks the server in this container under a host name the site accepts (the first of
ALLOWED_HOSTS), since Django refuses requests for other hosts. Exit 0 when healthy, 1 when not.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def probe_host(allowed_hosts: str) -> str:
    """A concrete host name from ALLOWED_HOSTS (".example.com" means example.com too)."""
    for entry in allowed_hosts.split(","):
        host = entry.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


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
