"""The image's commands, one word each, so every platform starts the same processes:

    docker run IMAGE release   migrate the database, then collect static files (once per deploy)
    docker run IMAGE web       serve with gunicorn, configured by cms/gunicorn.py (the default)
    docker run IMAGE worker    run queued background tasks (django-tasks-db's db_worker)
    docker run IMAGE python manage.py createsuperuser    anything else runs as given

Fly's `release_command` and `[processes]`, Render's `preDeployCommand` and `dockerCommand` and
compose's `command:` use these words (see docs/deployment.md). Extra words are passed on:
`worker --queue-name emails`. Run outside Docker the same way: `python -m cms.entrypoint web`.

`web` and `worker` replace this process (exec), so the platform's SIGTERM reaches gunicorn or
the worker directly and each drains its work before exiting.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from site_apps.observability.gateway import start_sentry_from_settings

GUNICORN_CONFIG = Path(__file__).with_name("gunicorn.py")
MANAGE = Path(__file__).resolve().parents[1] / "manage.py"


def release() -> int:
    """Run before the new version takes traffic: migrations (written to be safe for the
    version still serving, see docs/deployment.md), then static files.

    The image collects static files when it is built, so each version carries its own hashed
    files; it sets RELEASE_COLLECTSTATIC=false and the release only migrates. Everywhere else
    (a VM, a volume shared with a proxy, the tests) the release collects them.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    # Web requests get a 2 s statement timeout (docs/security.md); a migration may lock and
    # rewrite a table for longer, so the release has none unless the operator sets one.
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
    # imported here: Django loads once the environment above is set (the settings read it)
    import django
    from django.core.management import call_command

    from cms.settings.env import env

    # Production settings refuse to start here, naming every missing variable; then errors of
    # the migration go to Sentry when SENTRY_DSN is set.
    start_sentry_from_settings()
    django.setup()
    call_command("migrate", interactive=False)
    if env.bool("RELEASE_COLLECTSTATIC", default=True):
        call_command("collectstatic", interactive=False)
    else:
        sys.stdout.write("Static files were collected when the image was built.\n")
    return 0


def web(extra: list[str]) -> None:
    command = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG), *extra]
    os.execv(sys.executable, [*command, "cms.wsgi"])  # noqa: S606 - our own fixed command


def worker(extra: list[str]) -> None:
    # Background tasks (search indexing, webhook processing) may run longer statements than a
    # page: a minute unless the operator sets another limit.
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "60")
    os.execv(sys.executable, [sys.executable, str(MANAGE), "db_worker", *extra])  # noqa: S606


def main(argv: list[str]) -> int:
    command, extra = (argv[0], argv[1:]) if argv else ("web", [])
    if command == "release":
        return release()
    if command == "web":
        web(extra)
    elif command == "worker":
        worker(extra)
    else:
        os.execvp(command, [command, *extra])  # noqa: S606 - the operator's own command
    return 0  # not reached: exec replaced this process


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
