"""Choosing the mailer from the environment: console, SMTP, or Loops; production insists on one
that really sends."""

from tests.cms.settings.test_settings import PRODUCTION_ENV, run_manage, run_settings

# The mailer Django builds from the settings; it needs no app loaded, and loading them all
# (django.setup()) took 9 s of each process's 10 here.
SHOW_MAILER = (
    "from django.core import mail;"
    "backend = mail.mailers.default; print(type(backend).__name__,"
    " getattr(backend, 'transactional_id', '-'), getattr(getattr(backend, 'client', None),"
    " 'api_url', '-'))"
)


def mailer_with(env_vars: dict[str, str]) -> list[str]:
    development = {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DJANGO_READ_DOT_ENV": "0"}
    result = run_settings(SHOW_MAILER, env_vars=development | env_vars)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_loops_is_chosen_when_its_key_is_set():
    assert mailer_with({})[0] == "ReadableConsoleEmailBackend"
    assert mailer_with(
        {
            "LOOPS_API_KEY": "key",
            "LOOPS_TRANSACTIONAL_ID": "tmpl_1",
            "LOOPS_API_URL": "http://127.0.0.1:9/api/v1",
        }
    ) == ["LoopsEmailBackend", "tmpl_1", "http://127.0.0.1:9/api/v1"]


def test_production_accepts_loops_instead_of_smtp_but_needs_its_template():
    without_smtp = {k: v for k, v in PRODUCTION_ENV.items() if k != "EMAIL_URL"}
    result = run_manage("check", env_vars=without_smtp | {"LOOPS_API_KEY": "key"})
    assert result.returncode != 0
    assert "LOOPS_TRANSACTIONAL_ID is missing" in result.stderr
    assert "EMAIL_URL" not in result.stderr

    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_vars=without_smtp | {"LOOPS_API_KEY": "key", "LOOPS_TRANSACTIONAL_ID": "tmpl_1"},
    )
    assert result.returncode == 0, result.stderr
