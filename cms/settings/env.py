"""The one place the environment is read.

Every setting that comes from outside goes through `env` (django-environ). Production settings
use `EnvCheck` to collect every missing or malformed variable and refuse to start naming all of
them at once, instead of failing on the first.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()


# A rate as the API's throttles read it (site_apps/common/api/throttling.py: the period's first
# letter decides).
RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$", re.IGNORECASE)


def env_hosts(name: str, default: list[str]) -> list[str]:
    """A comma-separated list of hosts or origins, spaces around each taken away (`a.com, b.com`
    made a host " b.com" that no request matched, so every request to it was refused)."""
    return [item.strip() for item in env.list(name, default=default) if item.strip()]


def read_dotenv(dotenv: Path = BASE_DIR / ".env") -> None:
    """Load `.env` (the project root's by default) for development; real variables win.

    `DJANGO_READ_DOT_ENV=0` skips the file, for runs that must see only the real environment.
    """
    if env.bool("DJANGO_READ_DOT_ENV", default=True) and dotenv.is_file():
        environ.Env.read_env(dotenv, overwrite=False)


# runserver's own options that take a value (so the value is not read as its address).
_RUNSERVER_VALUE_OPTIONS = ("--settings", "--pythonpath", "-v", "--verbosity")
_ADDRESS = re.compile(r"^(?:(?P<host>\[[0-9a-fA-F:.]+\]|[\w.-]+):)?(?P<port>\d{1,5})$")


def development_site_url(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """SITE_URL's development default: where this development server is reached.

    `manage.py runserver [host:]port` gives it; any other command (load_demo, a task, sending an
    invitation from the shell) takes the PORT that `make run` serves on; 127.0.0.1:8000 when
    neither is set. A server bound to every interface (0.0.0.0, ::) is linked as 127.0.0.1.
    """
    host, port = "127.0.0.1", environ.get("PORT", "").strip() or "8000"
    if len(argv) > 1 and argv[1] == "runserver":
        port = "8000"  # runserver's own default, whatever PORT says
        words = iter(argv[2:])
        for word in words:
            if word in _RUNSERVER_VALUE_OPTIONS:
                next(words, None)
            elif not word.startswith("-"):
                match = _ADDRESS.match(word)
                if match:
                    host = match["host"] or host
                    port = match["port"]
                break
    if host == "0" or _unspecified(host.strip("[]")):  # bound to every interface: made linkable
        host = "127.0.0.1"
    if not port.isdigit():
        port = "8000"
    return f"http://{host}:{port}"


def _unspecified(host: str) -> bool:
    """0.0.0.0 or ::, the addresses a server binds to listen on every interface."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:  # a host name
        return False


def redis_cache(url: str, timeout: float = 0.25) -> dict[str, Any]:
    """A django-redis cache that fails fast and open: a stopped or hung Redis is a cache miss
    within `timeout` seconds, never an error (see cms/cache.py)."""
    return {
        "BACKEND": "cms.cache.FailOpenRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="cms"),
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            # One try: the breaker in cms/cache.py, not retries, deals with an outage.
            "CONNECTION_POOL_KWARGS": {"retry_on_timeout": False, "retry_on_error": []},
        },
    }


def cache_config(redis_url: str, timeout: float = 0.25) -> dict[str, dict[str, Any]]:
    """Redis when a URL is given, local memory otherwise (the embedded default). With Redis,
    the `limits_fallback` alias counts sign-in limits in the database while Redis is away."""
    if redis_url:
        return {
            "default": redis_cache(redis_url, timeout),
            "limits_fallback": {
                "BACKEND": "cms.cache.LimitCounterCache",
                "LOCATION": "security_limitcounter",
                "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="cms"),
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            },
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cms-default",
        }
    }


class EnvCheck:
    """Collects problems with the environment so start-up can name them all together."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def require(self, name: str, *, why: str) -> str:
        value = env.str(name, default="").strip()
        if not value:
            self.problems.append(f"{name} is missing: {why}")
        return value

    def require_url(
        self, name: str, *, schemes: tuple[str, ...], why: str, path: str = "", host: bool = True
    ) -> str:
        """A URL with one of `schemes` and a host (`smtp://` alone is not an address); with
        `path` (what it names, as "database name"), a path after the host too. `host=False`
        where an empty host means a local socket (`postgres:///lumen`)."""
        value = self.require(name, why=why)
        if not value:
            return value
        try:
            parsed = urlparse(value)
            parsed.port  # noqa: B018 (read for its ValueError: a port that is not a number)
            parsed.hostname  # noqa: B018 (an unclosed [IPv6 address)
        except ValueError:
            self.problems.append(
                f"{name} is malformed: the host or port in the URL cannot be read "
                "(the port must be a number from 1 to 65535; an IPv6 address goes in [ ])"
            )
            return value
        if parsed.scheme not in schemes:
            self.problems.append(
                f"{name} is malformed: expected a URL starting with "
                f"{' or '.join(s + '://' for s in schemes)}"
            )
        elif host and not parsed.hostname:
            self.problems.append(
                f"{name} is malformed: the URL names no host after {parsed.scheme}://"
            )
        elif path and not parsed.path.strip("/"):
            self.problems.append(f"{name} is malformed: the URL names no {path} after the host")
        return value

    def require_hosts(self, name: str, *, why: str) -> list[str]:
        """Comma-separated host names: none empty, none with a scheme or a path."""
        value = self.require(name, why=why)
        hosts = [host.strip() for host in value.split(",")] if value else []
        wrong = [host for host in hosts if not host or "/" in host]
        if wrong:
            self.problems.append(
                f"{name} is malformed: expected host names separated by commas, without "
                "https:// or a path (www.example.com,example.com)"
            )
        return hosts

    def rate(self, name: str) -> None:
        """A request rate such as 60/min: a count, a slash and sec, min, hour or day."""
        value = env.str(name, default="").strip()
        if value and not RATE.match(value):
            self.problems.append(
                f"{name} is malformed: expected a count per sec, min, hour or day (60/min)"
            )

    def optional_url(self, name: str, *, schemes: tuple[str, ...]) -> str:
        value = env.str(name, default="").strip()
        if value and urlparse(value).scheme not in schemes:
            self.problems.append(
                f"{name} is malformed: expected a URL starting with "
                f"{' or '.join(s + '://' for s in schemes)}"
            )
        return value

    def check(self, name: str, ok: bool, message: str) -> None:
        if not ok:
            self.problems.append(f"{name} is malformed: {message}")

    def typed(self, name: str, cast: type, default: Any) -> Any:
        """Read a typed optional variable, recording a problem instead of raising."""
        try:
            return env.get_value(name, cast=cast, default=default)
        except (ValueError, ImproperlyConfigured):
            self.problems.append(f"{name} is malformed: expected {cast.__name__}")
            return default

    def message(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return (
            "Production settings refuse to start; fix these environment variables "
            f"(see .env.example):\n{lines}"
        )

    def exit_if_problems(self) -> None:
        """Stop the process with the message alone (no traceback) and exit status 1."""
        if self.problems:
            raise SystemExit(self.message())
