# Two commands matter: `make run` (set up and serve the site with demo content) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

HOST ?= 127.0.0.1
PORT ?= 8000
# The development settings take SITE_URL's default from PORT (links in emails, canonical URLs).
export PORT
THEME_SRC := cms/theme/static_src
CSS_OUT := static/css/site.css

# uv: the one on PATH, else the one pip installed for python3 (see `uv` below).
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
# The newest Python >= 3.12 on this machine, so uv never has to download one.
# (The interpreter's real path, not a shim's, or uv would rebuild .venv on every call.)
PYTHON_312 := $(shell for p in python3.14 python3.13 python3.12 python3; do \
	$$p -c 'import sys; assert sys.version_info >= (3, 12); print(sys.executable)' 2>/dev/null \
	&& break; done)
ifneq ($(PYTHON_312),)
export UV_PYTHON ?= $(PYTHON_312)
endif
MANAGE := $(UV) run python manage.py
# Set-up commands log warnings and errors only: a page saved or a task run is not news there.
SETUP_MANAGE := LOG_LEVEL=WARNING $(UV) run --quiet python manage.py
STARTED := $(shell date +%s)
# django-tailwind's commands (the CSS), quiet: npm says nothing unless something fails.
TAILWIND := npm_config_loglevel=silent $(SETUP_MANAGE) tailwind
# What Tailwind's watcher prints on every rebuild; `make run` shows the rest (errors).
TAILWIND_CHATTER := ^(≈ tailwindcss|Done in |/\*! .* daisyUI|[[:space:]]*$$)

.PHONY: help run setup uv sync css css-check test test-fast lint format docs docs-linkcheck \
	docs-versions lighthouse clean messages \
	security scale-check bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# With npm, django-tailwind's watcher (`manage.py tailwind start`) rebuilds the CSS beside the
# server whenever a template or a style changes, and django-browser-reload (development
# settings only) reloads the page. The watcher runs in its own process group, so Ctrl-C stops
# the server and the shell's EXIT trap then stops the whole watcher (npm and Tailwind with it).
# Its routine lines are left out; its errors show. Without npm the committed CSS is served.
run: setup ## Set up everything on a fresh machine and serve the site at http://127.0.0.1:8000 (or PORT)
	@if [ -d $(THEME_SRC)/node_modules ] && command -v npm >/dev/null 2>&1; then \
	set -m; ( $(TAILWIND) start </dev/null 2>&1 | grep --line-buffered -v -E '$(TAILWIND_CHATTER)' ) & \
	watcher=$$!; set +m; trap "kill -TERM -- -$$watcher 2>/dev/null" EXIT; \
	echo "Watching the templates and styles: the CSS rebuilds and the page reloads on a change."; \
	fi; \
	$(MANAGE) runserver $(HOST):$(PORT)

# A few lines for a person; every tool still prints its errors (and a failed step stops here).
setup: ## Install, build CSS when npm exists, migrate, load demo content, create the local admin
	@echo "Installing the Python packages (uv)..."
	@$(MAKE) --no-print-directory sync
	@if command -v npm >/dev/null 2>&1; then echo "Building the CSS (Tailwind)..."; \
	out=$$($(MAKE) --no-print-directory css 2>&1) || { echo "$$out"; exit 1; }; \
	else echo "npm not found: using the committed $(CSS_OUT)"; fi
	@echo "Migrating the database..."
	@$(SETUP_MANAGE) migrate --noinput --verbosity 0
	@echo "Loading the demo content (the first time takes a minute or two)..."
	@$(SETUP_MANAGE) load_demo
	@echo "Set up in $$(( $$(date +%s) - $(STARTED) )) s."
	@$(SETUP_MANAGE) ensure_local_admin

uv: ## Install uv when it is missing (through pip: no download from elsewhere)
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
	python3 -m pip install --user --quiet uv || \
	python3 -m pip install --user --quiet --break-system-packages uv

sync: uv ## Install the locked Python dependencies into .venv
	@$(UV) sync --frozen --quiet

$(THEME_SRC)/node_modules: $(THEME_SRC)/package-lock.json
	cd $(THEME_SRC) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# django-tailwind (`manage.py tailwind build`) runs the theme app's `build` script
# ($(THEME_SRC)/package.json), which writes to TAILWIND_OUTPUT when it is set.
css: sync $(THEME_SRC)/node_modules ## Rebuild static/css/site.css from the Tailwind sources and templates (manage.py tailwind build)
	@$(TAILWIND) build

css-check: sync $(THEME_SRC)/node_modules ## Fail when the committed CSS is not what `manage.py tailwind build` builds
	@tmp=$$(mktemp --suffix=.css); \
	out=$$(TAILWIND_OUTPUT=$$tmp $(TAILWIND) build 2>&1) || { echo "$$out"; rm -f $$tmp; exit 1; }; \
	if cmp -s $$tmp $(CSS_OUT); then echo "CSS is up to date"; rm -f $$tmp; \
	else echo "$(CSS_OUT) is stale: run 'make css' and commit it"; rm -f $$tmp; exit 1; fi

test: sync ## Run the whole test suite (browser tests skip without Chromium, except under CI)
	$(UV) run pytest -n 2 --dist loadfile

test-fast: sync ## The suite without the browser tests
	$(UV) run pytest -m "not browser"

lint: sync ## ruff, ruff format --check, mypy, import contracts (lint-imports); hadolint, actionlint, deploy files' schemas
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy
	$(UV) run lint-imports --no-cache
	$(UV) run hadolint Dockerfile
	$(UV) run actionlint
	$(UV) run check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(UV) run check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml
	$(UV) run check-jsonschema --builtin-schema vendor.gitlab-ci .gitlab-ci.yml
	$(UV) run check-jsonschema --builtin-schema vendor.compose-spec compose*.yaml
	$(UV) run check-jsonschema --schemafile tests/delivery/schemas/render.schema.json render.yaml
	$(UV) run check-jsonschema --schemafile tests/delivery/schemas/fly.schema.json fly.toml

security: sync ## bandit against its explained baseline, pip-audit of the locked dependencies
	$(UV) run bandit -q -c pyproject.toml -r cms site_apps -b .ci/bandit-baseline.json
	@reqs=$$(mktemp); \
	ignores=$$(sed -n 's/^\([A-Za-z0-9][A-Za-z0-9_-]*\).*/--ignore-vuln \1/p' .ci/pip-audit-baseline.txt); \
	$(UV) export --frozen --no-dev --no-emit-project --format requirements-txt -q -o $$reqs && \
	$(UV) run pip-audit --strict --require-hashes --disable-pip -r $$reqs $$ignores; \
	status=$$?; rm -f $$reqs; exit $$status

scale-check: sync ## The release, SIGTERM and two-server scale-out tests (PostgreSQL, Redis)
	$(UV) run pytest tests/delivery/test_release.py -p no:randomly -v

format: sync ## Apply ruff's fixes and formatting
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

docs: sync ## Build the docs into docs/_build/html: warnings are errors, internal links checked
	$(UV) run sphinx-build -W --keep-going -q -b html docs docs/_build/html

docs-linkcheck: sync ## Sphinx's linkcheck (outside addresses only with LINKCHECK_EXTERNAL=1)
	$(UV) run sphinx-build -W --keep-going -q -b linkcheck docs docs/_build/linkcheck

docs-versions: sync ## Every v* tag and main, with a version switcher, into docs/_build/versions
	$(UV) run python docs/build_versions.py

messages: sync ## Update the interface catalogues in locale/ from the code, then compile them (needs gettext)
	$(MANAGE) update_catalogues

lighthouse: sync ## Lighthouse (mobile) on the production-like site: needs PostgreSQL, npm, Chromium
	cd tests/lighthouse && npm ci --no-audit --no-fund --silent
	$(UV) run python tests/lighthouse/run_lighthouse.py

bench: sync ## Page and API throughput, page cache on and off, against a 20 KB ceiling app (needs PostgreSQL, Redis, wrk)
	$(UV) run python tests/benchmarks/bench_pages.py

clean: ## Remove local state: database, media, build output
	rm -rf db.sqlite3 var docs/_build
