# Production image: locked dependencies, hashed static files, gunicorn as an unprivileged user.
# Build:  docker build -t lumen .
# Run:    docker run --env-file .env.production -p 8000:8000 lumen
FROM python:3.13-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    PORT=8000

RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpq5 \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir "uv==0.13.9" \
 && useradd --create-home --uid 10001 app

WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .

# collectstatic needs production settings to hash file names; these throwaway values only
# satisfy their start-up check during the build and are not kept in the image.
RUN SECRET_KEY=build-only-0123456789abcdefghijklmnopqrstuvwxyzABCDEF \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 SITE_URL=https://build.invalid \
    EMAIL_URL=smtp://localhost:25 \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media && chown -R app:app /app/var

USER app
EXPOSE 8000

# The release Sentry reports (an empty value lets sentry-sdk fall back to the git commit):
#   docker build --build-arg SENTRY_RELEASE=$(git rev-parse HEAD) -t lumen .
ARG SENTRY_RELEASE=""
ENV SENTRY_RELEASE=$SENTRY_RELEASE

# Liveness: the process answers /health/live/ (python's urllib: the slim image has no curl).
# Readiness (database, cache, storage, task queue) is /health/ready/, for the load balancer.
HEALTHCHECK --interval=30s --timeout=12s --start-period=60s --retries=3 \
  CMD ["python", "-m", "site_apps.observability.probe", "live"]

# The same steps the test suite runs directly (tests/test_release.py): migrate, then serve.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn --config cms/gunicorn.py cms.wsgi"]
