# syntax=docker/dockerfile:1
# The production image, in three stages: Node builds the CSS, uv builds the environment from
# uv.lock, and a slim runtime holds only what runs, as an unprivileged user.
#
#   docker build -t lumen --build-arg SENTRY_RELEASE=$(git rev-parse HEAD) .
#   docker run --env-file .env.production lumen release     # migrate (once per deploy)
#   docker run --env-file .env.production -p 8000:8000 lumen # serve (the default: web)
#   docker run --env-file .env.production lumen worker      # run queued background tasks
#
# The commands are cms/entrypoint.py's; gunicorn's settings are cms/gunicorn.py's. Checked
# without a Docker engine by hadolint (make lint) and tests/delivery/test_release.py, which
# runs the same release and start commands against the project.

ARG PYTHON_IMAGE=python:3.13-slim-trixie

# --- 1. CSS: Tailwind + daisyUI from the locked npm packages ------------------------------
FROM node:22-trixie-slim AS css
WORKDIR /src/cms/theme/static_src
COPY cms/theme/static_src/package.json cms/theme/static_src/package-lock.json ./
RUN npm ci --no-audit --no-fund
# Tailwind reads the templates and the Python code for the class names they use.
WORKDIR /src
COPY cms/theme/static_src/src cms/theme/static_src/src
COPY templates templates
COPY cms cms
COPY site_apps site_apps
COPY static/js static/js
WORKDIR /src/cms/theme/static_src
RUN npm run --silent build

# --- 2. Build: the locked Python environment, and the static files -----------------------
FROM ${PYTHON_IMAGE} AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_BUILD=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/opt/venv
WORKDIR /app
# Dependencies first: a change to the code does not reinstall them.
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    uv sync --frozen --no-dev --no-install-project
COPY . .
COPY --from=css /src/static/css/site.css static/css/site.css
# Static files are part of the image: each version serves its own hashed files (WhiteNoise),
# so old and new machines can run side by side during a deploy. collectstatic needs production
# settings; these throwaway values only pass their start-up check and stay in this stage.
# Then the app's own bytecode, as uv compiled the dependencies': the runtime writes none
# (PYTHONDONTWRITEBYTECODE, and the code is read-only to the app), so without it every process
# would compile the project's 345 modules at start, about a second each. checked-hash: code
# mounted over it (compose.override.yaml mounts it all) is never run from a stale cache.
RUN SECRET_KEY=build-only-0123456789abcdefghijklmnopqrstuvwxyzABCDEF \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 SITE_URL=https://build.invalid \
    EMAIL_URL=smtp://localhost:25 DJANGO_SETTINGS_MODULE=cms.settings.production \
    /opt/venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
 && /opt/venv/bin/python -m compileall -q --invalidation-mode checked-hash cms site_apps

# --- 3. Runtime: the environment, the code and the static files; nothing else -----------
FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    DJANGO_READ_DOT_ENV=0 \
    RELEASE_COLLECTSTATIC=false \
    PORT=8000
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
# Code and dependencies stay root's (read-only to the app); only files kept without S3 are its
# own: public media (MEDIA_ROOT) and teams' private uploads (UPLOADS_ROOT).
RUN mkdir -p /app/var/media /app/var/uploads && chown app:app /app/var/media /app/var/uploads
USER 10001:10001
EXPOSE 8000

# The release Sentry reports (empty: sentry-sdk looks for a git commit, and finds none here).
ARG SENTRY_RELEASE=""
ENV SENTRY_RELEASE=$SENTRY_RELEASE

# Liveness for `docker run` and compose: the process answers /health/live/ (python's urllib:
# the slim image has no curl). Platforms probe /health/ready/ themselves (fly.toml,
# render.yaml). A worker container serves no HTTP: compose.yaml turns this check off for it.
HEALTHCHECK --interval=30s --timeout=12s --start-period=60s --retries=3 \
  CMD ["python", "-m", "site_apps.observability.probe", "live"]

# `release`, `web` (the default), `worker`, or any command: see cms/entrypoint.py.
ENTRYPOINT ["python", "-m", "cms.entrypoint"]
CMD ["web"]
