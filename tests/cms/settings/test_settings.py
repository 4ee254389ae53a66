"""The settings contract: embedded defaults, production's refusal to start, fail-open Redis."""

import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from cms.settings.env import BASE_DIR, cache_config, development_site_url, env, read_dotenv
from tests.site_apps.accounts.factories import UserFactory, verified

PRODUCTION_ENV = {
    "SECRET_KEY": "production-test-key-" + "a1b2c3d4e5" * 5,
    "ALLOWED_HOSTS": "www.example.com",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://www.example.com",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
}


def _run_clean(argv: list[str], env_vars: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """This interpreter with `argv`, in a clean environment: only PATH/HOME, production settings
    unless the test names others, plus what the test gives."""
    clean = {k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}
    clean |= {"DJANGO_SETTINGS_MODULE": "cms.settings.production"} | env_vars
    return subprocess.run(
        [sys.executable, *argv],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_manage(*args: str, env_vars: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a clean environment (see `_run_clean`)."""
    return _run_clean(["manage.py", *args], env_vars)


def run_settings(code: str, *, env_vars: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run Python code that reads the settings (`django.conf.settings`) in the same clean
    environment: the settings module runs as at start-up, without manage.py loading every app
    first (about 9 s a process here, for what the settings say)."""
    return _run_clean(["-c", code], env_vars)


def test_production_refuses_to_start_naming_every_missing_variable():
    result = run_manage("check", env_vars={})
    assert result.returncode == 1
    for name in PRODUCTION_ENV:
        assert f"{name} is missing" in result.stderr, result.stderr
    # The message alone: no traceback before it.
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Production settings refuse to start")


def test_production_names_malformed_variables_too():
    bad = PRODUCTION_ENV | {
        "SECRET_KEY": "short",
        "DATABASE_URL": "mysql://db/site",
        "SITE_URL": "http://insecure.example.com",
        "SECURE_HSTS_SECONDS": "a year",
    }
    result = run_manage("check", env_vars=bad)
    assert result.returncode != 0
    for name in ("SECRET_KEY", "DATABASE_URL", "SITE_URL", "SECURE_HSTS_SECONDS"):
        assert f"{name} is malformed" in result.stderr, result.stderr
    assert "REDIS_URL" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("DATABASE_URL", "postgres://", "names no database name"),
        ("DATABASE_URL", "postgres://db.example.com:5432", "names no database name"),
        ("REDIS_URL", "redis://", "names no host"),
        ("SITE_URL", "https://", "names no host"),
        ("EMAIL_URL", "smtp://", "names no host"),
        ("EMAIL_URL", "smtp+tls://user:secret@:587", "names no host"),
        ("ALLOWED_HOSTS", ",", "host names separated by commas"),
        ("ALLOWED_HOSTS", "https://www.example.com", "without https://"),
        # A port that is not a number, an unclosed IPv6 address: a traceback that named no
        # variable ("Port could not be cast to integer value").
        ("DATABASE_URL", "postgres://u:secret@db:54x32/lumen", "port must be a number"),
        ("DATABASE_URL", "postgres://[::1/lumen", "IPv6 address goes in [ ]"),
        ("EMAIL_URL", "smtp://user:secret@smtp.example.com:58x7", "port must be a number"),
        ("REDIS_URL", "redis://cache:63790000/0", "port must be a number"),
        # Rates passed start-up, then every API request they applied to answered 500.
        ("API_RATE_KEY", "abc", "a count per sec, min, hour or day"),
        ("API_RATE_ANON", "5/fortnight", "a count per sec, min, hour or day"),
    ],
)
def test_production_names_a_url_or_host_list_that_is_there_but_empty(name, value, said):
    """A deploy form with a half-filled field: the variable is set, so it is not "missing",
    but start-up used to go on and fail later (a page's 500, mail that never left) without
    naming it."""
    result = run_settings(
        "from django.conf import settings; settings.DEBUG", env_vars=PRODUCTION_ENV | {name: value}
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Production settings refuse to start"), result.stderr
    assert f"{name} is malformed" in result.stderr
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    assert "secret" not in result.stderr  # the value itself is never echoed


def test_hosts_written_with_spaces_after_the_commas_are_each_allowed():
    """`ALLOWED_HOSTS=www.example.com, example.com` allowed " example.com", which no request
    matches: every request to the second host was refused with a 400."""
    result = run_settings(
        "from django.conf import settings; print(settings.ALLOWED_HOSTS, "
        "settings.CSRF_TRUSTED_ORIGINS)",
        env_vars=PRODUCTION_ENV
        | {
            "ALLOWED_HOSTS": "www.example.com, example.com",
            "CSRF_TRUSTED_ORIGINS": "https://www.example.com , https://example.com",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['www.example.com', 'example.com'] ['https://www.example.com', 'https://example.com']"
    )


def test_a_malformed_rate_stops_development_too():
    result = run_settings(
        "from django.conf import settings; settings.DEBUG",
        env_vars={"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "API_RATE_USER": "10 per min"},
    )
    assert result.returncode == 1
    assert "API_RATE_USER is malformed" in result.stderr


def test_a_database_on_the_local_socket_needs_no_host():
    result = run_settings(
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        env_vars=PRODUCTION_ENV | {"DATABASE_URL": "postgres:///lumen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "lumen"


def test_production_with_its_variables_passes_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_vars=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_embedded_defaults_need_no_environment():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
            " s.MAILERS['default']['BACKEND'], s.TASKS['default']['BACKEND'],"
            " s.STORAGES['default']['BACKEND'], s.SITE_URL)",
        ],
        cwd=BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DJANGO_READ_DOT_ENV": "0",
            "HOME": os.environ.get("HOME", str(BASE_DIR)),
            "PORT": "8123",  # `PORT=8123 make run`: development links follow the served port
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "site_apps.mail.console.ReadableConsoleEmailBackend",
        "django.tasks.backends.immediate.ImmediateBackend",
        "django.core.files.storage.FileSystemStorage",
        "http://127.0.0.1:8123",
    ]


@pytest.mark.parametrize(
    ("argv", "port", "expected"),
    [
        (["manage.py", "load_demo"], "8123", "http://127.0.0.1:8123"),
        (["manage.py", "shell"], "", "http://127.0.0.1:8000"),
        (["manage.py", "runserver"], "8123", "http://127.0.0.1:8000"),  # runserver's default
        (["manage.py", "runserver", "9001"], "", "http://127.0.0.1:9001"),
        (["manage.py", "runserver", "--noreload", "localhost:9002"], "", "http://localhost:9002"),
        (["manage.py", "runserver", "0.0.0.0:9003"], "8123", "http://127.0.0.1:9003"),
        (
            ["manage.py", "runserver", "--settings", "cms.settings.dev", "[::1]:9004"],
            "",
            "http://[::1]:9004",
        ),
    ],
)
def test_development_site_url_follows_the_served_address(argv, port, expected):
    assert development_site_url(argv, {"PORT": port}) == expected


def test_a_dotenv_file_fills_unset_variables_but_never_overrides_real_ones(
    tmp_path: Path, monkeypatch
):
    dotenv = tmp_path / ".env"
    dotenv.write_text("STARTER_FROM_FILE=file\nSTARTER_ALREADY_SET=file\n")
    monkeypatch.delenv("STARTER_FROM_FILE", raising=False)
    monkeypatch.setenv("STARTER_ALREADY_SET", "real")

    read_dotenv(dotenv)

    assert env.str("STARTER_FROM_FILE") == "file"
    assert env.str("STARTER_ALREADY_SET") == "real"
    monkeypatch.delenv("STARTER_FROM_FILE")


def test_postgres_brings_its_contrib_app_and_full_text_search():
    if settings.USING_POSTGRES:
        assert "django.contrib.postgres" in settings.INSTALLED_APPS
        from wagtail.search.backends import get_search_backend

        assert type(get_search_backend()).__name__ == "PostgresSearchBackend"
    else:
        assert "django.contrib.postgres" not in settings.INSTALLED_APPS


@pytest.mark.django_db
def test_a_stopped_redis_slows_the_site_but_never_breaks_it(client, home_page):
    closed_port = cache_config("redis://127.0.0.1:1/0")
    with override_settings(CACHES=closed_port):
        from django.core.cache import cache

        cache.set("probe", 1)
        assert cache.get("probe") is None, "the cache must miss, not raise"
        assert client.get("/").status_code == 200

        # Sign-in (with allauth's rate limits, counted in the cache) still works: they fail open.
        user = verified(UserFactory(is_staff=True, is_superuser=True))
        response = client.post(
            "/accounts/login/",
            {"login": user.email, "password": "correct horse battery staple"},
        )
        assert response.status_code == 302, "sessions fall back to the database"
        assert client.get("/admin/").status_code == 200


def test_the_page_reloads_itself_in_development_only():
    """django-browser-reload is a development dependency: the production image does not have it."""
    script = (
        "import cms.settings.production as p, cms.settings.dev as d\n"
        "for s in (p, d):\n"
        "    print('django_browser_reload' in s.INSTALLED_APPS,"
        " any(m.startswith('django_browser_reload.') for m in s.MIDDLEWARE))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}
        | PRODUCTION_ENV
        | {"DJANGO_READ_DOT_ENV": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True", "True"]
    assert "django_browser_reload" not in settings.INSTALLED_APPS  # the tests' own settings


def test_base_takes_every_setting_its_integrations_assign():
    """A setting added to cms/settings/integrations/ but not imported into base.py would be
    read from the environment and never reach Django."""
    from cms.settings import base, integrations

    missing = [
        f"{info.name}.{name}"
        for info in pkgutil.iter_modules(integrations.__path__)
        for name in vars(importlib.import_module(f"{integrations.__name__}.{info.name}"))
        if name.isupper()
        and getattr(base, name, None)
        is not getattr(importlib.import_module(f"{integrations.__name__}.{info.name}"), name)
    ]
    assert not missing, f"import these into cms/settings/base.py: {missing}"


SQLITE_RACE = """
import threading, time
import django
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (n integer)")
errors = []

def read_then_write(pause, first_wait):
    time.sleep(first_wait)
    try:
        with transaction.atomic():
            connections["default"].cursor().execute("SELECT count(*) FROM t")
            time.sleep(pause)
            connections["default"].cursor().execute("INSERT INTO t VALUES (1)")
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()

threads = [
    threading.Thread(target=read_then_write, args=(0.5, 0)),
    threading.Thread(target=read_then_write, args=(0, 0.1)),
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM t")
    print(cursor.fetchone()[0], errors)
"""


def test_two_threads_writing_to_sqlite_under_make_run_wait_their_turn(tmp_path):
    """runserver answers in threads: the admin's autosave while the image chooser wrote its
    thumbnails failed with "database is locked" (a 500 and a page saved without a revision),
    because a transaction that reads before it writes cannot wait for the lock."""
    result = _run_clean(
        ["-c", SQLITE_RACE],
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DJANGO_READ_DOT_ENV": "0",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 []"  # both rows, no "database is locked"
