"""The logging contract: JSON lines in production carrying the request id, a level per category
from the environment, and no secret ever written."""

from __future__ import annotations

import json
import logging
import logging.config

import pytest
import structlog
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from rest_framework_simplejwt.tokens import RefreshToken

from site_apps.observability.logging_config import (
    LOG_CATEGORIES,
    REDACTED,
    build_logging_config,
    redact_text,
)
from tests.cms.settings.test_settings import PRODUCTION_ENV, run_manage
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.api.factories import key_with_secret
from tests.site_apps.observability.conftest import CLIENT_SECRET
from tests.site_apps.teams.factories import TeamFactory

SECRETS = [
    "hunter2-password",
    "sekret-bearer-token",
    "sk_live_51Habcdefghijklmnop",
    "pg-secret-pw",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXBhcnQ",
    "s3cr3t-cookie-value",
    "0f9e8d7c6b5a-dsn-key",
]


def test_secrets_logged_in_every_way_never_reach_the_output(json_log):
    log = structlog.get_logger("site_apps.billing.services")
    log.info(
        "charging",
        password="hunter2-password",
        authorization="Bearer sekret-bearer-token",
        stripe={"api_key": "sk_live_51Habcdefghijklmnop", "amount": 1200},
        note="token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXBhcnQ",
    )
    std = logging.getLogger("cms.home")
    std.warning("could not reach postgres://app:pg-secret-pw@db.internal/cms")
    std.warning("headers: %s", {"Cookie": "sessionid=s3cr3t-cookie-value", "Accept": "*/*"})
    std.error("Sentry said no to https://0f9e8d7c6b5a-dsn-key@o1.ingest.sentry.io/5")
    try:
        raise ValueError("login failed for password=hunter2-password")
    except ValueError:
        std.exception("with a traceback")

    text = json_log.text
    for secret in SECRETS:
        assert secret not in text, f"{secret} leaked:\n{text}"
    assert text.count(REDACTED) >= 8
    # What is not secret stays readable.
    (charging,) = json_log.events("charging")
    assert charging["stripe"]["amount"] == 1200
    assert charging["authorization"] == REDACTED
    assert "db.internal/cms" in text
    assert "Accept" in text


@pytest.mark.django_db
def test_secrets_logged_during_a_request_are_redacted_too(client, json_log, test_urls):
    response = client.get(
        "/test/log-secrets/?token=query-token-value",
        HTTP_AUTHORIZATION="Bearer header-token-value",
    )
    assert response.status_code == 200
    text = json_log.text
    for secret in ("hunter2-password", "sekret-bearer-token", "sk_live_51H", "query-token-value"):
        assert secret not in text, text
    (signing_in,) = json_log.events("signing_in")
    assert signing_in["headers"] == {"Authorization": REDACTED, "Accept": "text/html"}
    assert signing_in["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_credentials_in_a_query_string_never_reach_the_request_lines(client, json_log):
    """A program that puts its API key (or any other credential) in the URL: only the names of
    the parameters and the values of the harmless ones (paging, language) are logged."""
    team = TeamFactory.create()
    key, secret = key_with_secret(team)
    query = f"key={secret}&access=access-value&code=123456&auth=auth-value&page_size=2&locale=es"
    response = client.get(f"/api/v1/pages/?{query}")
    assert response.status_code == 401

    text = json_log.text
    for value in (secret, secret.split(".")[1], "access-value", "123456", "auth-value"):
        assert value not in text, text
    expected = (
        "GET /api/v1/pages/?key=[REDACTED]&access=[REDACTED]&code=[REDACTED]&auth=[REDACTED]"
        "&page_size=2&locale=es"
    )
    assert [line["request"] for line in json_log.events("request_started")] == [expected]
    assert [line["request"] for line in json_log.events("request_finished")] == [expected]

    # Lumen's key format is recognised anywhere, not only after a known parameter name.
    logging.getLogger("site_apps.api").warning("a customer pasted %s into a ticket", secret)
    assert json_log.lines[-1]["event"] == f"a customer pasted {key.prefix}.[REDACTED] into a ticket"


@pytest.mark.django_db
def test_api_keys_and_jwts_never_reach_the_request_lines_however_written(client, json_log):
    """Percent-encoded inside a `next=` (whose own value is logged), behind an encoded space,
    encoded twice, after a `;`, or in a query inside `next`: each form hid the secret from the
    patterns that know its shape or its parameter's name."""
    team = TeamFactory.create()
    _, api_key = key_with_secret(team)
    jwt = str(RefreshToken.for_user(UserFactory.create()).access_token)
    paths = [
        f"/accounts/login/?next=/teams/%3Ftoken%3D{api_key}",
        f"/accounts/login/?next=%2Fapi%2Fv1%2Fme%2F%3Faccess%3D{jwt}",
        f"/accounts/login/?next=%252Fapi%252Fv1%252Fme%252F%253Faccess%253D{jwt}",
        f"/api/v1/pages/%20{jwt}/",
        f"/api/v1/pages/%3D{api_key}/",
        f"/api/v1/pages/;token={jwt}",
        "/accounts/login/?next=/teams/?access=plain-credential-value",
        "/accounts/login/?next=%2Fteams%2F%3Fcode=plain-credential-value",
    ]
    for path in paths:
        client.get(path)

    text = json_log.text
    assert len(json_log.events("request_started")) == len(paths)
    for secret in (api_key, api_key.split(".")[1], *jwt.split(".")[1:], "plain-credential-value"):
        assert secret not in text, f"{secret} leaked:\n{text}"
    started = [line["request"] for line in json_log.events("request_started")]
    assert started[0] == "GET /accounts/login/?next=/teams/%3Ftoken%3D[REDACTED]"
    assert started[1] == "GET /accounts/login/?next=/api/v1/me/%3Faccess%3D[REDACTED]"
    assert started[3] == "GET /api/v1/pages/%20[REDACTED]/"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: Bearer abc.def", "Authorization: Bearer [REDACTED]"),
        ('{"password": "pw123"}', '{"password": "[REDACTED]"}'),
        ("GET /reset/?token=abc&next=/", "GET /reset/?token=[REDACTED]&next=/"),
        ("redis://:pw@cache:6379/0", "redis://[REDACTED]@cache:6379/0"),
        ("whsec_abcdefghij1234", "[REDACTED]"),
        (
            "GET 'cms:1:django.contrib.sessions.cached_db30wbqm2w06qqkupftgo7n23k2s1lnj4i'",
            "GET 'cms:1:django.contrib.sessions.cached_db[REDACTED]'",
        ),
        # Keys inside paths: confirmation, password reset and invitation links.
        (
            "GET /es/accounts/confirm-email/MTg:1tAbCd:xYz-123/",
            "GET /es/accounts/confirm-email/[REDACTED]/",
        ),
        (
            "POST /accounts/password/reset/key/1c-abc123/",
            "POST /accounts/password/reset/key/[REDACTED]-[REDACTED]/",
        ),
        ("/teams/join/k7Xq_2mPz9Lw4vRt8sYb/?next=/", "/teams/join/[REDACTED]/?next=/"),
        ("/blog/join-us/", "/blog/join-us/"),
        # Ordinary words that merely contain a sensitive one are left alone.
        ("passenger footprint author", "passenger footprint author"),
        # Query strings: only the values of harmless parameters are kept; API keys anywhere.
        (
            "GET /api/v1/pages/?key=Y2RetdYW.FnJu4kQ9mX2bT7cL1pV8sR3nH6dW0zAe&access=eyJ&x=",
            "GET /api/v1/pages/?key=[REDACTED]&access=[REDACTED]&x=",
        ),
        (
            "https://example.com/blog/?page=2&locale=es&q=my+secret",
            "https://example.com/blog/?page=2&locale=es&q=[REDACTED]",
        ),
        ("Api-Key Y2RetdYW.FnJu4kQ9mX2bT7cL1pV8sR3nH6dW0zAe", "Api-Key [REDACTED]"),
        ("key Y2RetdYW.FnJu4kQ9mX2bT7cL1pV8sR3nH6dW0zAe", "key Y2RetdYW.[REDACTED]"),
        ("Really? Yes. Why?Because.", "Really? Yes. Why?Because."),
        # Percent-encoded: what the text says once decoded (at most a few times) is redacted.
        (
            "GET /login/?next=/teams/%3Ftoken%3DY2RetdYW.FnJu4kQ9mX2bT7cL1pV8sR3nH6dW0zAe",
            "GET /login/?next=/teams/%3Ftoken%3D[REDACTED]",
        ),
        (
            "GET /login/?next=%2Fme%2F%3Faccess%3DeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0",
            "GET /login/?next=/me/%3Faccess%3D[REDACTED]",
        ),
        (
            "/pages/%20eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0/",
            "/pages/%20[REDACTED]/",
        ),
        ("/p/%25253Dtoken%25253Dabc/", "/p/%3Dtoken%3D[REDACTED]"),  # encoded three times
        ("/p/%2525252541/", "[REDACTED]"),  # still encoded after four decodings: all of it
        ("/p/%20Y2RetdYW.FnJu4kQ9mX2bT7cL1pV8sR3nH6dW0zAe", "/p/%20Y2RetdYW.[REDACTED]"),
        ("/p/caf%C3%A9/?q=50%25&page=2", "/p/caf%C3%A9/?q=[REDACTED]&page=2"),  # nothing secret
        ("/login/?next=/teams/?access=abc&page=2", "/login/?next=/teams/?access=[REDACTED]&page=2"),
    ],
)
def test_redaction_of_text(text, expected):
    assert redact_text(text) == expected


# Text a client chooses (a request line, a header), 16 KB: twice what gunicorn lets through.
LONG_CLIENT_TEXT = {
    "query": "GET /api/v1/pages/?cursor=" + "cD05" * 4096,
    "word": "a" * 16384,
    "keys": "key" * 5461,
    "keys without a value": "key-" * 4096,
    "spaces after a key": "key" + " " * 16384,
    "path": "/" + "a" * 16384,
    "scheme-like": "a." * 8192,
    "url without credentials": "http://" + "a." * 8192,
    "encoded": "GET /a/?next=" + "%2F%3F" * 2730,
    "percent signs": "/" + "%" * 16384,
    "encoded percent signs": "/" + "%25" * 5461,
    "nested next": "GET /a/?next=" + "/?next=" * 2340,
}


@pytest.mark.parametrize("text", LONG_CLIENT_TEXT.values(), ids=LONG_CLIENT_TEXT.keys())
def test_redacting_a_long_line_takes_time_in_proportion_to_it(text):
    """Every log line passes the redaction, so it must not backtrack through what a client
    sent: one 8 KB query string took 30 s, and a request logs it two or three times."""
    import time

    started = time.perf_counter()
    assert redact_text(text + " password=hunter2").endswith("password=[REDACTED]")
    assert time.perf_counter() - started < 0.5


def test_each_category_gets_its_level_from_the_environment():
    config = build_logging_config(
        root_level="WARNING",
        category_levels={"billing": "debug", "security": "INFO", "api": ""},
        log_format="json",
    )
    assert config["root"]["level"] == "WARNING"
    for name in LOG_CATEGORIES["billing"]:
        assert config["loggers"][name]["level"] == "DEBUG"
    assert config["loggers"]["django.security"]["level"] == "INFO"
    assert "site_apps.api" not in config["loggers"], "an empty category follows LOG_LEVEL"

    try:
        logging.config.dictConfig(config)
        assert logging.getLogger("site_apps.billing.services").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("site_apps.api.views").isEnabledFor(logging.INFO)
        assert logging.getLogger("security.webhooks").isEnabledFor(logging.INFO)
    finally:
        logging.config.dictConfig(settings.LOGGING)


def test_a_bad_level_names_its_variable():
    with pytest.raises(ImproperlyConfigured, match="LOG_LEVEL_BILLING is malformed"):
        build_logging_config(root_level="INFO", category_levels={"billing": "LOUD"})
    with pytest.raises(ImproperlyConfigured, match="Unknown log categories"):
        build_logging_config(root_level="INFO", category_levels={"marketing": "INFO"})


# Runs with production settings in a clean process: a webhook with a bad signature (no database
# needed), a health probe, and a secret logged through plain logging.
PRODUCTION_SCRIPT = """
import logging
from django.test import Client
client = Client(HTTP_HOST="www.example.com")
refused = client.post(
    "/observability/sentry/webhook/", b"{}", content_type="application/json", secure=True,
    HTTP_X_REQUEST_ID="prod-check-1", HTTP_SENTRY_HOOK_SIGNATURE="0" * 64,
)
live = client.get("/health/live/", secure=True)
logging.getLogger("site_apps.billing").warning("stripe key sk_live_51Hprodsecretvalue1 rejected")
print(refused.status_code, refused["X-Request-ID"], live.status_code)
"""


def test_production_settings_log_json_lines_with_the_request_id():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        PRODUCTION_SCRIPT,
        env_vars=PRODUCTION_ENV | {"SENTRY_CLIENT_SECRET": CLIENT_SECRET},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["401", "prod-check-1", "200"]

    # Every line is a JSON object (Python warnings included); nothing else is printed.
    records = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    finished = [r for r in records if r["event"] == "request_finished"]
    assert [(r["request_id"], r["code"], r["level"]) for r in finished] == [
        ("prod-check-1", 401, "warning")
    ]
    refused = [r for r in records if r["event"] == "sentry_webhook_refused"]
    assert refused[0]["request_id"] == "prod-check-1"
    assert refused[0]["logger"] == "security.webhooks"
    assert all("timestamp" in r and "level" in r for r in records)
    assert "/health/" not in result.stderr, "probes are not logged"
    assert "sk_live_51Hprodsecretvalue1" not in result.stderr


def test_a_task_that_succeeds_inside_a_handled_exception_logs_no_traceback(json_log):
    """Django logs each finished task with `sys.exc_info()`: a task run (immediate backend)
    while wagtail-localize handled a DoesNotExist printed that traceback, 192 times in a first
    `make run` (issue 12). A failed task keeps its own."""
    from tests.site_apps.observability.sample_tasks import fail_in_task, log_from_task

    try:
        raise LookupError("already handled")
    except LookupError:
        log_from_task.enqueue("fine")
        fail_in_task.enqueue("broken")
    finished = [line for line in json_log.lines if "state=" in str(line.get("event"))]
    succeeded = [line for line in finished if "SUCCESSFUL" in line["event"]]
    failed = [line for line in finished if "FAILED" in line["event"]]
    assert succeeded, json_log.text
    assert failed, json_log.text
    assert not any("already handled" in json.dumps(line) for line in succeeded), succeeded
    assert "task failed on purpose" in json.dumps(failed), failed
