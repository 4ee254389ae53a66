"""The deployment templates (render.yaml, fly.toml, the compose files) against the code they
deploy: the variables each leaves to the operator or the platform are exactly the ones the
production start-up check requires, and the check refuses each of them by name when missing;
every command they run is one of the image's; their settings agree with gunicorn's.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from functools import cache
from typing import Any

import jsonschema
import pytest
import yaml

from cms.settings.env import BASE_DIR
from tests.cms.settings.test_settings import PRODUCTION_ENV
from tests.delivery.dockerfile import Dockerfile

IMAGE_WORDS = {"release", "web", "worker"}
SCHEMAS = BASE_DIR / "tests" / "delivery" / "schemas"


# Runs cms/settings/production.py once per environment, in a process of its own: the settings
# it builds after its check must not touch this test run's (they share cms.settings.base's
# dicts). Prints what start-up says for each: the refusal, or "" when it starts.
CHECK_SCRIPT = """
import contextlib, importlib, io, json, sys
from django.core.exceptions import ImproperlyConfigured
from cms.settings.env import env
said = {}
for name, environment in json.load(sys.stdin).items():
    env.ENVIRON = environment
    sys.modules.pop("cms.settings.production", None)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            importlib.import_module("cms.settings.production")
    except (ImproperlyConfigured, SystemExit) as refusal:
        said[name] = f"{refusal} {out.getvalue()}"
    else:
        said[name] = ""
print(json.dumps(said))
"""


def startup_refusals(environments: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """What production settings say on start-up with exactly each of these environments."""
    done = subprocess.run(
        [sys.executable, "-c", CHECK_SCRIPT],
        cwd=BASE_DIR,
        input=json.dumps(environments),
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.production"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


# --- What each template sets, and what it leaves to the operator or the platform -------------


def render() -> dict[str, Any]:
    return yaml.safe_load((BASE_DIR / "render.yaml").read_text())


def fly() -> dict[str, Any]:
    return tomllib.loads((BASE_DIR / "fly.toml").read_text())


def compose(*files: str) -> dict[str, Any]:
    """The compose files merged as Compose merges them (mappings key by key, the rest replaced)."""

    def merge(base: Any, override: Any) -> Any:
        if isinstance(base, dict) and isinstance(override, dict):
            return {k: merge(base[k], v) if k in base else v for k, v in override.items()} | {
                k: v for k, v in base.items() if k not in override
            }
        return override

    merged: dict[str, Any] = {}
    for name in files:
        merged = merge(merged, yaml.safe_load((BASE_DIR / name).read_text()))
    return merged


def render_app_environment(environment: dict[str, Any]) -> tuple[dict[str, str], set[str]]:
    """A Render environment's web service variables: literal values, and the names Render fills
    (fromDatabase, fromService, generateValue) or asks for (sync: false)."""
    (web,) = [s for s in environment["services"] if s["type"] == "web"]
    groups = {g["name"]: g["envVars"] for g in environment.get("envVarGroups", [])}
    entries: list[dict[str, Any]] = []
    for entry in web["envVars"]:
        entries += groups[entry["fromGroup"]] if "fromGroup" in entry else [entry]
    literal = {e["key"]: e["value"] for e in entries if "value" in e}
    left = {e["key"] for e in entries if "value" not in e}
    return literal, left


def fly_app_environment() -> tuple[dict[str, str], set[str]]:
    """fly.toml's [env], and the secrets its header says to set (fly secrets set ...)."""
    text = (BASE_DIR / "fly.toml").read_text()
    secrets = re.search(r"^# Required secrets.*\n(?:#.*\n)*?#\s+((?:[A-Z_]+ ?)+)$", text, re.M)
    assert secrets, "fly.toml names the secrets to set"
    return fly()["env"], set(secrets.group(1).split())


def compose_app_environment() -> tuple[dict[str, str], set[str]]:
    """The production web service's variables: literal ones (interpolated with their defaults)
    and the ones the operator must give (`${NAME:?...}` under the variable's own name)."""
    variables = compose("compose.yaml", "compose.production.yaml")["services"]["web"]["environment"]
    literal, left = {}, set()
    for name, value in variables.items():
        if re.fullmatch(rf"\$\{{{name}:\?[^}}]*\}}", str(value)):
            left.add(name)
        else:
            literal[name] = re.sub(r"\$\{(\w+)(?::[-?]([^}]*))?\}", "example", str(value))
    return literal, left


# What each platform itself sets in every container (Render: RENDER=true; Fly.io: the app's
# name), which tells start-up that the disk is an instance's own and replaced at each deploy.
PLATFORM_ENV = {
    "fly.toml": {"FLY_APP_NAME": "lumen"},
    "compose.production.yaml": {},
    "render.yaml": {"RENDER": "true"},
}
# A bucket for uploads, as an operator gives it where the platform's disks do not last.
BUCKET_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "lumen-media",
    "AWS_ACCESS_KEY_ID": "key-id",
    "AWS_SECRET_ACCESS_KEY": "secret-key",
}


def platform(template: str) -> dict[str, str]:
    return PLATFORM_ENV[template.split(" ")[0]]


def templates() -> dict[str, tuple[dict[str, str], set[str]]]:
    found = {
        "fly.toml": fly_app_environment(),
        "compose.production.yaml": compose_app_environment(),
    }
    for project in render()["projects"]:
        for environment in project["environments"]:
            name = f"render.yaml ({environment['name']})"
            found[name] = render_app_environment(environment)
    return found


TEMPLATES = templates()


def filled(template: str, leaving_out: str = "") -> dict[str, str]:
    """A template's values with the operator's filled in (a valid one each) and its platform's
    own, but `leaving_out`."""
    literal, left = TEMPLATES[template]
    operator = PRODUCTION_ENV | {k: v for k, v in BUCKET_ENV.items() if k in left}
    given = {name: value for name, value in operator.items() if name not in literal}
    values = {**literal, **given, **platform(template)}
    return {k: v for k, v in values.items() if k != leaving_out}


@cache
def refusals() -> dict[str, str]:
    """Start-up with no variables, with each template filled in, and with each filled-in
    template missing one of the variables it leaves to fill: one process for all of them."""
    scenarios: dict[str, dict[str, str]] = {"nothing": {}}
    for template, (_, left) in TEMPLATES.items():
        scenarios[f"{template}: nothing"] = platform(template)
        scenarios[f"{template}: filled"] = filled(template)
        scenarios[f"{template}: twilio"] = {**filled(template), "SMS_BACKEND": "twilio"}
        for variable in left:
            scenarios[f"{template}: without {variable}"] = filled(template, leaving_out=variable)
    return startup_refusals(scenarios)


def required_by_the_check(template: str = "") -> set[str]:
    said = refusals()[f"{template}: nothing" if template else "nothing"]
    return set(re.findall(r"([A-Z][A-Z0-9_]+) is missing", said))


def test_the_check_requires_what_the_settings_tests_give_production():
    assert required_by_the_check() == set(PRODUCTION_ENV), refusals()["nothing"]


def test_on_render_and_fly_the_check_requires_a_bucket_for_uploads_too():
    """Their disks are an instance's own and replaced at each deploy (Compose's are not): an
    image an editor uploads there would be seen by one instance, then lost."""
    assert required_by_the_check("fly.toml") == set(PRODUCTION_ENV) | {"AWS_STORAGE_BUCKET_NAME"}
    assert required_by_the_check("compose.production.yaml") == set(PRODUCTION_ENV)
    platforms = {"render": PLATFORM_ENV["render.yaml"], "fly": PLATFORM_ENV["fly.toml"]}
    said = startup_refusals(
        {
            f"{platform_name} {case}": PRODUCTION_ENV | platform_env | given
            for platform_name, platform_env in platforms.items()
            for case, given in {
                "bucket": BUCKET_ENV,
                "bucket without keys": {"AWS_STORAGE_BUCKET_NAME": "lumen-media"},
                "volume": {"MEDIA_ROOT": "/data/media", "UPLOADS_ROOT": "/data/uploads"},
                # .env.example's folders, inside the app on the instance's own disk
                "app folders": {
                    "MEDIA_ROOT": "var/media",
                    "UPLOADS_ROOT": str(BASE_DIR / "var" / "uploads"),
                },
            }.items()
        }
    )
    for platform_name in platforms:
        assert said[f"{platform_name} bucket"] == ""
        assert said[f"{platform_name} volume"] == ""
        keys = said[f"{platform_name} bucket without keys"]
        assert "AWS_ACCESS_KEY_ID is missing" in keys, keys
        assert "AWS_SECRET_ACCESS_KEY is missing" in keys
        folders = said[f"{platform_name} app folders"]
        assert "AWS_STORAGE_BUCKET_NAME is missing" in folders, folders
    assert "Render" in said["render app folders"]
    assert "Fly.io" in said["fly app folders"]


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_each_template_leaves_exactly_the_required_variables_to_fill(template):
    literal, left = TEMPLATES[template]
    required = required_by_the_check(template)
    if BUCKET_ENV.keys() & left:
        # Named once the bucket is: its credentials (a bucket without them is not reachable).
        required |= BUCKET_ENV.keys()
    if template == "compose.production.yaml":
        # Compose wires the database and Redis itself; the operator gives the rest.
        assert left | {"DATABASE_URL", "REDIS_URL"} == required
        assert {"DATABASE_URL", "REDIS_URL"} <= literal.keys()
    else:
        assert left == required, f"{template} leaves {sorted(left)}, the check requires {required}"
    # With the required ones filled, the template's own values pass the check.
    assert refusals()[f"{template}: filled"] == ""


@pytest.mark.parametrize(
    ("template", "variable"),
    sorted((template, variable) for template, (_, left) in TEMPLATES.items() for variable in left),
)
def test_start_up_refuses_each_variable_a_template_leaves_out_by_name(template, variable):
    refusal = refusals()[f"{template}: without {variable}"]
    assert f"{variable} is missing" in refusal, refusal
    assert refusal.count(" is missing") == 1, "only the missing one is named"


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_choosing_twilio_for_sms_asks_for_its_variables_by_name(template):
    """SMS stay off in every template; an operator who turns Twilio on is told what it needs."""
    literal, _ = TEMPLATES[template]
    assert "SMS_BACKEND" not in literal
    refusal = refusals()[f"{template}: twilio"]
    for variable in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"):
        assert f"{variable} is missing" in refusal, refusal


# --- Commands: the image's own words ----------------------------------------------------------


def image_word(command: str | list[str]) -> str:
    """The image command a platform runs: `python -m cms.entrypoint WORD ...` or `WORD ...`."""
    words = command.split() if isinstance(command, str) else list(command)
    if words[:3] == ["python", "-m", "cms.entrypoint"]:
        words = words[3:]
    assert words[0] in IMAGE_WORDS, f"{command!r} is not one of the image's commands"
    return words[0]


def test_the_dockerfile_runs_the_entrypoint_as_an_unprivileged_user_from_three_stages():
    dockerfile = Dockerfile.read()
    assert dockerfile.stages == ["css", "build", "runtime"]
    assert dockerfile.entrypoint == ["python", "-m", "cms.entrypoint"]
    assert image_word(dockerfile.cmd) == "web"
    assert dockerfile.healthcheck == ["python", "-m", "site_apps.observability.probe", "live"]
    runtime = dockerfile.final_stage
    assert re.search(r"^USER 10001:10001$", runtime, re.M), "the runtime drops root"
    assert "RELEASE_COLLECTSTATIC=false" in runtime, "static files are in the image"
    assert "apt-get" not in runtime, "nothing but what runs"
    assert "uv " not in runtime, "nothing but what runs"
    assert "uv sync --frozen --no-dev" in dockerfile.text
    for source in dockerfile.copied_sources():
        assert source == "." or (BASE_DIR / source).exists(), f"COPY {source} is missing"


# Where production settings keep files on the server's own disk when no bucket is set (public
# media, teams' private uploads), relative to the project: the image runs as a user that
# owns nothing else, so each must be a directory the runtime stage gives it.
LOCAL_STORAGE_SCRIPT = """
import json
from pathlib import Path
from django.conf import settings
from cms.settings.env import BASE_DIR
found = {str(Path(settings.MEDIA_ROOT).relative_to(BASE_DIR))}
for storage in settings.STORAGES.values():
    location = storage.get("OPTIONS", {}).get("location")
    if storage["BACKEND"].endswith("FileSystemStorage") and location:
        found.add(str(Path(location).relative_to(BASE_DIR)))
print(json.dumps(sorted(found)))
"""


def local_storage_directories() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", LOCAL_STORAGE_SCRIPT],
        cwd=BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DJANGO_READ_DOT_ENV": "0",
            **PRODUCTION_ENV,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_image_user_owns_every_directory_production_stores_files_in_without_a_bucket():
    """`docker run` without S3 (one box, a first try on a platform) keeps uploads on disk:
    a directory left to root answers every upload with a permission error."""
    directories = local_storage_directories()
    assert {"var/media", "var/uploads"} <= set(directories)
    runtime = Dockerfile.read().final_stage
    assert re.search(r"^WORKDIR /app$", runtime, re.M), "the project is /app in the image"
    owned = {
        path.removeprefix("/app/")
        for paths in re.findall(r"chown app:app ((?:/app/\S+ ?)+)", runtime)
        for path in paths.split()
    }
    made = {
        path.removeprefix("/app/")
        for paths in re.findall(r"mkdir -p ((?:/app/\S+ ?)+)", runtime)
        for path in paths.split()
    }
    assert [d for d in directories if d not in owned or d not in made] == []


def test_fly_deploys_blue_green_after_its_release_command_and_checks_readiness():
    config = fly()
    assert config["deploy"]["strategy"] == "bluegreen"
    assert image_word(config["deploy"]["release_command"]) == "release"
    assert {name: image_word(cmd) for name, cmd in config["processes"].items()} == {
        "web": "web",
        "worker": "worker",
    }
    service = config["http_service"]
    assert service["processes"] == ["web"]
    assert [check["path"] for check in service["checks"]] == ["/health/ready/"]
    assert str(service["internal_port"]) == config["env"]["PORT"]
    for vm in config["vm"]:
        assert set(vm["processes"]) <= config["processes"].keys()
    # SIGTERM drains (Fly's default SIGINT would stop gunicorn at once), and Fly waits longer
    # than gunicorn's grace period.
    assert config["kill_signal"] == "SIGTERM"
    assert config["kill_timeout"] > gunicorn_defaults()["graceful_timeout"]


def test_render_runs_the_release_before_deploys_and_staging_is_production_s_twin():
    environments = {e["name"]: e for e in render()["projects"][0]["environments"]}
    assert environments.keys() == {"production", "staging"}
    production, staging = environments["production"], environments["staging"]
    assert staging["services"] == production["services"]
    assert staging["databases"] == production["databases"]
    assert staging["envVarGroups"] == production["envVarGroups"]
    services = {s["name"]: s for s in production["services"]}
    web = services["lumen-web"]
    assert image_word(web["preDeployCommand"]) == "release"
    assert image_word(web["dockerCommand"]) == "web"
    assert image_word(services["lumen-worker"]["dockerCommand"]) == "worker"
    assert web["healthCheckPath"] == "/health/ready/"
    assert web["maxShutdownDelaySeconds"] > gunicorn_defaults()["graceful_timeout"]
    # Every reference points at something the environment defines.
    databases = {d["name"] for d in production["databases"]}
    for service in production["services"]:
        for entry in service.get("envVars", []):
            if "fromDatabase" in entry:
                assert entry["fromDatabase"]["name"] in databases
            if "fromService" in entry:
                assert entry["fromService"]["name"] in services


def test_compose_releases_before_serving_and_waits_for_the_drain():
    for files in (
        ("compose.yaml", "compose.override.yaml"),
        ("compose.yaml", "compose.production.yaml"),
    ):
        services = compose(*files)["services"]
        for name in ("release", "web", "worker"):
            assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
        for name in ("web", "worker"):
            assert services[name]["depends_on"]["release"]["condition"] == (
                "service_completed_successfully"
            )
            assert services[name]["stop_grace_period"] == "30s"
    production = compose("compose.yaml", "compose.production.yaml")["services"]
    assert {
        name: image_word(production[name]["command"]) for name in ("release", "web", "worker")
    } == {
        "release": "release",
        "web": "web",
        "worker": "worker",
    }
    assert "mailpit" not in production, "the mail catcher is development's only"
    assert "volumes" not in production["web"], "production runs the image's code, not a mount"


# --- The schemas of our own are strict enough to catch a slip ---------------------------------


@pytest.mark.parametrize(
    ("schema", "document", "slip"),
    [
        (
            "render",
            render,
            lambda d: d["projects"][0]["environments"][0]["services"][0].update(
                healthcheckPath="/"
            ),
        ),
        (
            "render",
            render,
            lambda d: d["projects"][0]["environments"][0]["envVarGroups"][0]["envVars"].append(
                {"key": "X"}
            ),
        ),
        ("fly", fly, lambda d: d["deploy"].update(stratgy="bluegreen")),
        ("fly", fly, lambda d: d["http_service"]["checks"][0].update(interval="15 seconds")),
    ],
)
def test_our_platform_schemas_accept_the_templates_and_refuse_a_slip(schema, document, slip):
    validator = jsonschema.Draft202012Validator(
        json.loads((SCHEMAS / f"{schema}.schema.json").read_text())
    )
    config = document()
    assert not list(validator.iter_errors(config))
    slip(config)
    assert list(validator.iter_errors(config)), "the schema let a misspelt or wrong field through"


# --- gunicorn's settings come from the environment ------------------------------------------


def gunicorn_settings(environment: dict[str, str]) -> dict[str, Any]:
    """cms/gunicorn.py evaluated under these variables (and nothing else of gunicorn's)."""
    code = (
        "import json, runpy; s = runpy.run_path('cms/gunicorn.py'); "
        "print(json.dumps({k: v for k, v in s.items() if isinstance(v, (int, str, bool))}))"
    )
    clean = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean | environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


@cache
def gunicorn_defaults() -> dict[str, Any]:
    return gunicorn_settings({})


def test_gunicorn_takes_workers_threads_and_grace_from_the_environment():
    defaults = gunicorn_defaults()
    assert (defaults["workers"], defaults["threads"], defaults["graceful_timeout"]) == (2, 4, 25)
    assert defaults["bind"] == "0.0.0.0:8000"
    assert defaults["worker_class"] == "gthread"
    assert defaults["control_socket_disable"] is True
    assert defaults["logger_class"].endswith("GunicornAccessLogger")
    tuned = gunicorn_settings(
        {
            "PORT": "9000",
            "WEB_CONCURRENCY": "5",
            "GUNICORN_THREADS": "8",
            "GUNICORN_GRACEFUL_TIMEOUT": "12",
            "GUNICORN_ACCESS_LOG": "false",
        }
    )
    assert (tuned["bind"], tuned["workers"], tuned["threads"]) == ("0.0.0.0:9000", 5, 8)
    assert tuned["graceful_timeout"] == 12
    assert "logger_class" not in tuned


def test_the_entrypoint_runs_any_other_command_as_given():
    done = subprocess.run(
        [sys.executable, "-m", "cms.entrypoint", sys.executable, "-c", "print('as given')"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, "as given\n"), done.stderr
