"""Development: reads `.env`, DEBUG on, everything on the embedded defaults unless set."""

import sys

from cms.settings.env import development_site_url, env, read_dotenv

read_dotenv()
# Links in emails, canonical and hreflang URLs, Open Graph and the sitemap point at the server
# being run (`PORT=8123 make run`, `runserver 8123`) unless SITE_URL is set.
env.ENVIRON.setdefault("SITE_URL", development_site_url(sys.argv, env.ENVIRON))
# The AI features answer from the built-in fake provider unless a real one is configured.
env.ENVIRON.setdefault("AI_PROVIDER", "fake")

from cms.settings.base import *

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
INTERNAL_IPS = ["127.0.0.1"]
# Without AI or DeepL the translation editor offers the word-reversing stand-in, to try the
# workflow; its name says it is no translation.
if not MACHINE_TRANSLATOR:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "cms.i18n.machine_translation.ReversedWordsTranslator"
    }

# The development server answers requests in threads: the admin autosaves a page while the
# image chooser writes its thumbnails. On SQLite a transaction that reads first and writes
# later then failed at once with "database is locked" (a 500, and a half-made page). IMMEDIATE
# takes the write lock when the transaction starts, so the other one waits its turn (SQLite's
# timeout, 5 s); WAL lets reads go on meanwhile.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )

# Serve static files straight from their sources, refreshed on change (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The page reloads itself when a template, a static file (the CSS that `make run`'s Tailwind
# watcher rebuilds) or the code changes: django-browser-reload, a development dependency, in
# development settings only (never in production or tests).
INSTALLED_APPS = [*INSTALLED_APPS, "django_browser_reload"]
# Last, after every middleware that encodes the response (gzip), as its documentation asks.
MIDDLEWARE = [*MIDDLEWARE, "django_browser_reload.middleware.BrowserReloadMiddleware"]
