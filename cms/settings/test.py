"""Tests: no `.env` (runs are hermetic), fast hashing, mail kept in memory.

`DATABASE_URL` and `REDIS_URL` still apply when set, which is how CI runs the same tests
against PostgreSQL and Redis.
"""

from cms.settings.env import env

# The AI features are on in tests, answered by the built-in fake provider (site_apps/ai/fake.py),
# never by a provider configured in the environment (TEST_AI_PROVIDER="" tries them off).
env.ENVIRON["AI_PROVIDER"] = env.str("TEST_AI_PROVIDER", default="fake")

from cms.settings.base import *
from cms.settings.env import BASE_DIR, cache_config

DEBUG = False
SECRET_KEY = "test-only-insecure-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SMS_BACKEND = "site_apps.sms.backends.LocmemBackend"
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES["uploads"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": BASE_DIR / "var" / "test-uploads", "base_url": None},
}
if REDIS_URL:
    # Each pytest-xdist worker gets its own Redis database (the URL's number + 1 + worker), because
    # `cache.clear()` flushes a whole database and must never wipe another worker's entries.
    _base, _, _number = REDIS_URL.rpartition("/")
    _worker = env.str("PYTEST_XDIST_WORKER", default="gw0").removeprefix("gw")
    _db = (
        (int(_number) if _number.isdigit() else 0) + 1 + (int(_worker) if _worker.isdigit() else 0)
    )
    CACHES = cache_config(f"{_base}/{_db}", REDIS_TIMEOUT)

if USING_POSTGRES:
    # A loaded CI machine may take seconds over a statement; the hung-database tests set their
    # own short timeouts (tests/site_apps/security/test_outages.py).
    DATABASES["default"] |= postgres_timeouts(5, 60)
else:
    # A file, not SQLite's in-memory database: with that, Django's live server hands its one
    # connection to every request thread, and two requests at once from the browser tests
    # failed with "bad parameter or other API misuse" (a 503). With a file each thread opens
    # its own. pytest-django adds each worker's suffix to the name.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}

# AVIF renditions cost about ten times a WebP one to encode; tests that render the demo site
# would spend minutes on them. tests/cms/blocks/test_pictures.py turns them on.
IMAGES_AVIF = False

# The full-page cache is tried by the tests that are about it (tests/cms/test_page_cache.py);
# elsewhere a test reads what it just changed, however it changed it.
PAGE_CACHE_ENABLED = False

# Concrete models made from the behaviour mixins, so their tests use real tables.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.site_apps.common.testapp"]

# Serve static files from their sources (no collectstatic before tests).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
