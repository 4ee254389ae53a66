"""The one logging configuration: structlog over the standard library, for every process.

We use django-structlog rather than python-json-logger because logs here are about requests and
tasks, not just lines: django-structlog binds a request id and the user id to everything logged
during a request (through contextvars, so any library's log line carries them), writes a
`request_started` and a `request_finished` line per request (request_log.py makes the second
carry the status actually sent), and lets structlog render the same events as JSON lines in
production and as readable colour in development. python-json-logger would only have changed the
output format and left all of that to us.

`build_logging_config()` makes the `LOGGING` dict for Django; `make_formatter()` is the formatter it
names (also used by gunicorn's own logs, see cms/gunicorn.py). Everything that reaches a handler
passes `redact_secrets`, so passwords, tokens, keys and authorization headers never reach a log,
nor do the secrets inside URLs (reset keys, invitation tokens; see `secret_urls.py`).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any
from urllib.parse import quote, unquote, unquote_plus

import structlog
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from site_apps.observability.probe import HEALTH_PATH_PREFIX

REDACTED = "[REDACTED]"

# Log categories an operator can tune from the environment (LOG_LEVEL_<CATEGORY>), and the
# loggers each one covers. Apps log under their module name (`structlog.get_logger(__name__)`),
# so `site_apps.billing.services` falls under `billing`; security events go to `security.*`.
LOG_CATEGORIES: dict[str, tuple[str, ...]] = {
    "cms": ("cms", "wagtail"),
    "accounts": ("site_apps.accounts", "allauth"),
    "teams": ("site_apps.teams",),
    "api": ("site_apps.api", "rest_framework"),
    "billing": ("site_apps.billing", "stripe"),
    "sms": ("site_apps.sms", "twilio"),
    "ai": ("site_apps.ai", "wagtail_ai", "openai", "httpx2"),
    "experiments": ("site_apps.experiments", "wagtail_ab_testing"),
    "security": ("security", "django.security"),
    "requests": ("django_structlog", "django.request", "django.server"),
    "tasks": ("django.tasks", "django_tasks_db", "site_apps.observability.task_context"),
    "observability": ("site_apps.observability", "health_check", "sentry_sdk", "py.warnings"),
    "database": ("django.db.backends",),
}
# Levels used when a category is not set: the health-check library warns with a traceback for
# every failing check on every probe; our readiness view logs one line naming them instead.
# Twilio's SDK logs each API call's URL and headers at INFO; sms/gateway.py logs the outcome.
QUIET_LOGGERS: dict[str, str] = {"health_check": "ERROR", "twilio.http_client": "WARNING"}
# Request lifecycle loggers whose lines about health probes are noise (see HealthProbeFilter).
REQUEST_LOGGERS = ("django_structlog.middlewares.request", "django.request", "django.server")

# Whole words inside a key or a `key=value` text; "pass" and "otp" only standing alone, so
# "passenger" and "footprint" are left alone.
_SENSITIVE_WORDS = (
    r"passw(?:or)?d|passphrase|(?<![a-z])pass(?![a-z])|secret|token|api[-_]?key|apikey"
    r"|authorization|cookie|sessionid|session[-_]key|csrf|signature|credential"
    r"|private[-_]?key|(?<![a-z])dsn(?![a-z])|(?<![a-z])otp(?![a-z])|verification[-_]?code"
)
SENSITIVE_KEY = re.compile(rf"(?:{_SENSITIVE_WORDS})", re.IGNORECASE)
# Text patterns, applied in order: an authorization scheme and its credentials; `key=value`,
# `key: value` and `"key": "value"` for sensitive keys; credentials in URLs; well-known
# token shapes (Stripe keys and webhook secrets, JWTs).
# Every line a client can fill (a 4 KB request line, an 8 KB header) passes these, so each must
# take time in proportion to the text: a key is tried only where a run of name characters
# starts, and only when a `:` or `=` follows that run (without those guards the `key=value`
# pattern backtracked through every run, 30 s for one 8 KB URL).
_TEXT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b(Bearer|Basic|Token|Api-Key|Digest)\s+[^\s,;\"']+", re.IGNORECASE),
        r"\1 " + REDACTED,
    ),
    (
        re.compile(
            rf"""(["']?(?<![\w-])(?=[\w-]++["']?\s*+[:=])"""
            rf"""[\w-]*(?:{_SENSITIVE_WORDS})[\w-]*+["']?\s*[:=]\s*["']?)"""
            rf"""(?!{re.escape(REDACTED)})(?!(?:Bearer|Basic|Token|Api-Key|Digest)\s)[^\s"',;&}}]+""",
            re.IGNORECASE,
        ),
        r"\1" + REDACTED,
    ),
    (
        # From the start of a run of scheme characters followed by "://", up to its first
        # letter that starts a word: the scheme; then the credentials before "@".
        re.compile(
            r"(?<![a-z0-9+.-])(?=[a-z0-9+.-]*+://)([a-z0-9+.-]*?(?<!\w)[a-z][a-z0-9+.-]*+://)"
            r"[^/\s@]++@",
            re.IGNORECASE,
        ),
        r"\1" + REDACTED + "@",
    ),
    # Session ids inside cache keys (Sentry's Redis breadcrumbs, DEBUG cache logs): a session
    # id is as good as a password.
    (re.compile(r"(django\.contrib\.sessions\.cache(?:d_db)?)[0-9a-z]{8,}"), r"\1" + REDACTED),
    (re.compile(r"\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{8,}"), REDACTED),
    (re.compile(r"\bwhsec_[0-9A-Za-z+/=]{8,}"), REDACTED),
    (re.compile(r"\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+"), REDACTED),
)
# Lumen's own API keys (drf-api-key's KeyGenerator: 8 letters or digits, a dot, 32 more) in any
# text: the prefix names the key in the admin and the usage table, so it stays.
_API_KEY = re.compile(r"(?<![A-Za-z0-9])([A-Za-z0-9]{8})\.[A-Za-z0-9]{32}(?![A-Za-z0-9])")

# Query-string parameters whose values are logged as they are: paging, language, dates and the
# site's own harmless choices. Any other value may be a credential a client put in the URL
# (`?key=`, `?access=`, `?code=`, `?auth=`), so it is logged as [REDACTED]; names are kept.
LOGGED_QUERY_PARAMETERS = frozenset(
    {
        "page", "page_size", "p", "cursor", "locale", "lang", "since", "until", "format",
        "ordering", "next", "billing", "plan", "theme",
    }
)  # fmt: skip
# A query string after a path or a host: from the "?" up to the first character that cannot be
# in a URL (each run is read once, so a long one costs its length).
_QUERY_STRING = re.compile(r"(?<=[\w/.~%-])\?([^\s\"'<>#\\]++)")
_MAX_DEPTH = 6
# Percent-encoded text is read the way the site will read it: decoded, up to this many times (a
# `next=` is encoded once, a `next=` inside a `next=` twice). Text still encoded after that is
# redacted whole, and so is a query nested deeper than _MAX_NESTING inside logged values.
_MAX_DECODINGS = 4
_MAX_NESTING = 4
# Runs of URL text between separators: whitespace, quotes and the query's `? & = ; #`. Each
# run starts only after a separator and is read once, so a long one costs its length.
_URL_RUN = re.compile(r"(?<![^\s\"'<>?&=;#])[^\s\"'<>?&=;#]++")
# What stays readable when decoded text that held a secret is encoded again.
_UNENCODED = "/[]"


def _decoded(text: str) -> str | None:
    """The text percent-decoded until nothing changes, or None if it is still encoded after
    _MAX_DECODINGS rounds."""
    for _ in range(_MAX_DECODINGS):
        decoded = unquote(text)
        if decoded == text:
            return text
        text = decoded
    return text if unquote(text) == text else None


def _redacted_logged_value(value: str, depth: int) -> str:
    """A harmless parameter's value (`next=/teams/%3Ftoken%3D...`) as the site reads it, with
    whatever that says redacted: its own query string too. Encoded again only if it was."""
    decoded = _decoded(value)
    if decoded is None or depth >= _MAX_NESTING:
        return REDACTED
    head, mark, query = decoded.partition("?")
    redacted = _redact(head, depth + 1)
    if mark:
        redacted += mark + redact_query_string(query, _depth=depth + 1)
    if redacted == decoded:
        return value
    return redacted if decoded == value else quote(redacted, safe=_UNENCODED)


def redact_query_string(query: str, *, _depth: int = 0) -> str:
    """A query string (without its "?") with every value but the harmless ones redacted: what
    log lines carry, and what Sentry gets (it keeps a request's query string apart). A harmless
    value is kept as the site reads it (percent-decoded) once what it holds is redacted."""
    parts = []
    for part in query.split("&"):
        name, equals, value = part.partition("=")
        if equals and value:
            if unquote_plus(name).lower() not in LOGGED_QUERY_PARAMETERS:
                part = f"{name}={REDACTED}"
            else:
                part = f"{name}={_redacted_logged_value(value, _depth)}"
        parts.append(part)
    return "&".join(parts)


def _redacted_run(run: str, depth: int) -> str:
    """A run of URL text redacted as it reads decoded (`%20eyJ...`, `%3Dtoken%3D...`): the
    patterns above look for what comes before a secret, which encoding hides."""
    if "%" not in run:
        return run
    decoded = _decoded(run)
    if decoded is None:
        return REDACTED
    if decoded == run:
        return run
    redacted = _redact(decoded, depth + 1)
    return run if redacted == decoded else quote(redacted, safe=_UNENCODED)


def redact_text(text: str) -> str:
    """The text with every secret-looking part replaced, for messages and tracebacks, and the
    secrets of the site's secret-carrying URLs (site_apps/observability/secret_urls.py), in
    plain text and percent-encoded."""
    return _redact(text, 0)


def _redact(text: str, depth: int) -> str:
    # imported here: the settings import this module; secret_urls reads the URL
    # configuration, which loads after them
    from site_apps.observability.secret_urls import redact_urls

    for pattern, replacement in _TEXT_PATTERNS:
        text = pattern.sub(replacement, text)
    text = _API_KEY.sub(r"\1." + REDACTED, text)
    text = _QUERY_STRING.sub(
        lambda match: "?" + redact_query_string(match.group(1), _depth=depth), text
    )
    text = redact_urls(text)
    if "%" in text:
        text = _URL_RUN.sub(lambda match: _redacted_run(match.group(0), depth), text)
    return text


def redact_value(value: Any, depth: int = 0) -> Any:
    """A copy of a logged value with sensitive keys blanked and secret-looking text redacted."""
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {
            key: REDACTED
            if isinstance(key, str) and SENSITIVE_KEY.search(key)
            else redact_value(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(redact_value(item, depth + 1) for item in value)
    return value


def redact_secrets(
    logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: the last line of defence that keeps secrets out of every log line."""
    for key, value in list(event_dict.items()):
        if key.startswith("_"):  # structlog's own bookkeeping (the stdlib record, ...)
            continue
        if key != "event" and SENSITIVE_KEY.search(key):
            event_dict[key] = REDACTED
        else:
            event_dict[key] = redact_value(value)
    return event_dict


def add_trace_context(
    logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: the Sentry trace and span ids, so a log line leads to its trace."""
    # imported here: gateway imports this module
    from site_apps.observability.gateway import current_trace_ids

    for key, value in current_trace_ids().items():
        event_dict.setdefault(key, value)
    return event_dict


def add_request_id_of_record(
    logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: the request id of a standard-library line that names its request.

    Django logs a failed request ("Not Found: /nope/", "Unauthorized: /api/v1/me/") after the
    whole middleware stack has answered, when the request's log context is already cleared; the
    line carries the request itself, and RequestIdMiddleware put the id on it.
    """
    if event_dict.get("request_id") is None:
        record = event_dict.get("_record")
        request_id = getattr(getattr(record, "request", None), "request_id", None)
        if isinstance(request_id, str):
            event_dict["request_id"] = request_id
    return event_dict


def _shared_processors() -> list[Any]:
    """Processors for every line, whether it was logged through structlog or plain logging."""
    return [
        structlog.contextvars.merge_contextvars,
        add_request_id_of_record,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_trace_context,
        redact_secrets,
    ]


def configure_structlog() -> None:
    """Send structlog's events into standard logging, where the one handler renders them.

    Redaction runs here too, before the event leaves structlog, because Sentry's logging
    integration reads the record itself and never sees our formatter.
    """
    # Python warnings too go through logging, so production's stderr holds only JSON lines.
    logging.captureWarnings(True)
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            *_shared_processors(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def make_formatter(log_format: str | None = None) -> logging.Formatter:
    """The formatter of the one handler: JSON lines, or colour for people at a terminal.

    Without an argument the format comes from the `LOG_FORMAT` setting, read when logging is
    configured (after every settings module has had its say). Also configures structlog, so
    that configuring logging is the single step that sets up both.
    """
    if log_format is None:
        log_format = settings.LOG_FORMAT
    configure_structlog()
    renderer: Any
    final: list[Any] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if log_format == "json":
        final += [structlog.processors.format_exc_info, redact_secrets]
        renderer = structlog.processors.JSONRenderer()
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(), processors=[*final, renderer]
    )


class HealthProbeFilter(logging.Filter):
    """Drops request lines about /health/ probes: a probe every few seconds is noise.

    A failing readiness probe is still logged, once, by the readiness view itself.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.is_health_probe(record)

    @staticmethod
    def is_health_probe(record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str):  # django.request: the HttpRequest is on the record
            return path.startswith(HEALTH_PATH_PREFIX)
        if isinstance(record.msg, Mapping):  # django-structlog: {"request": "GET /health/..."}
            line = str(record.msg.get("request", ""))
        else:  # django.server (runserver): '"GET /health/live/ HTTP/1.1" 200 15'
            line = record.getMessage()
        return f" {HEALTH_PATH_PREFIX}" in line


class HandledExceptionFilter(logging.Filter):
    """Drops the traceback from a task's "finished" line when the task did not fail.

    Django logs every finished task with `sys.exc_info()`, and with the immediate backend a task
    often runs inside someone else's `except` block (wagtail-localize saves a new translation
    while handling the DoesNotExist that told it none existed): a successful task then printed
    an unrelated, already handled traceback. A failed task's line (ERROR) keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            record.exc_info = None
            record.exc_text = None
        return True


def _checked_level(name: str, value: str) -> str:
    level = value.strip().upper()
    if level not in logging.getLevelNamesMapping():
        raise ImproperlyConfigured(
            f"{name} is malformed: expected DEBUG, INFO, WARNING, ERROR or CRITICAL, got {value!r}"
        )
    return level


def build_logging_config(
    *,
    root_level: str,
    category_levels: Mapping[str, str],
    log_format: str | None = None,
) -> dict[str, Any]:
    """The `LOGGING` dict: one stderr handler, one formatter, a level per category.

    `category_levels` maps a category of `LOG_CATEGORIES` to a level name, or to "" to follow
    `root_level`. `log_format` ("json" or "console") defaults to the `LOG_FORMAT` setting.
    """
    unknown = set(category_levels) - set(LOG_CATEGORIES)
    if unknown:
        raise ImproperlyConfigured(f"Unknown log categories: {sorted(unknown)}")
    root = _checked_level("LOG_LEVEL", root_level)
    loggers: dict[str, dict[str, Any]] = {
        name: {"level": level, "propagate": True} for name, level in QUIET_LOGGERS.items()
    }
    for category, names in LOG_CATEGORIES.items():
        value = category_levels.get(category, "")
        if value.strip():
            level = _checked_level(f"LOG_LEVEL_{category.upper()}", value)
            for name in names:
                loggers[name] = {"level": level, "propagate": True}
    # Django's default config gives "django" and "django.server" their own handlers; replacing
    # them keeps one handler, so no line is printed twice or in another format.
    # Django's default config also pins "django" at INFO, which LOG_LEVEL must govern too.
    for name in ("django", "django.server"):
        logger = loggers.setdefault(name, {"propagate": True})
        logger["handlers"] = []
        logger.setdefault("level", root)
    for name in REQUEST_LOGGERS:
        loggers.setdefault(name, {"propagate": True})["filters"] = ["health_probes"]
    loggers.setdefault("django.tasks", {"propagate": True})["filters"] = ["handled_exceptions"]
    formatter: dict[str, Any] = {"()": "site_apps.observability.logging_config.make_formatter"}
    if log_format is not None:
        formatter["log_format"] = log_format
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "health_probes": {"()": HealthProbeFilter},
            "handled_exceptions": {"()": HandledExceptionFilter},
        },
        "formatters": {"structured": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "structured"},
        },
        "root": {"handlers": ["console"], "level": root},
        "loggers": loggers,
    }


def gunicorn_logging_config(log_format: str, *, access_log: bool = False) -> dict[str, Any]:
    """Gunicorn's `logconfig_dict`: its own lines through the same formatter as the app's.

    With `access_log`, `site_apps.observability.access_log.GunicornAccessLogger` writes one
    `access` line per request; without, gunicorn's access logger stays silent.
    """
    config = build_logging_config(root_level="INFO", category_levels={}, log_format=log_format)
    config["loggers"] = {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {
            "level": "INFO" if access_log else "CRITICAL",
            "handlers": [],
            "propagate": access_log,
        },
    }
    return config
