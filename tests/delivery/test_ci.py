"""CI elsewhere checks what .ci/run checks here, and every security finding has its reason."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from cms.settings.env import BASE_DIR

BANDIT_BASELINE = BASE_DIR / ".ci" / "bandit-baseline.json"


def make_targets(commands: str) -> set[str]:
    return set(re.findall(r"^\s*(?:- )?make ([a-z-]+)\s*$", commands, re.MULTILINE))


def ci_run_targets() -> set[str]:
    return make_targets((BASE_DIR / ".ci" / "run").read_text())


def github_jobs() -> dict[str, Any]:
    return yaml.safe_load((BASE_DIR / ".github" / "workflows" / "ci.yml").read_text())["jobs"]


def gitlab_jobs() -> dict[str, Any]:
    config = yaml.safe_load((BASE_DIR / ".gitlab-ci.yml").read_text())
    return {name: job for name, job in config.items() if isinstance(job, dict) and "script" in job}


def test_github_and_gitlab_run_the_make_targets_ci_run_runs():
    expected = ci_run_targets()
    assert expected == {"lint", "css-check", "test", "docs"}
    github = "\n".join(
        step.get("run", "") for job in github_jobs().values() for step in job["steps"]
    )
    gitlab = "\n".join(line for job in gitlab_jobs().values() for line in job["script"])
    assert make_targets(github) == expected
    assert make_targets(gitlab) == expected | {"security"}


def test_their_test_jobs_use_postgresql_redis_a_browser_and_a_fresh_database():
    (github,) = [job for job in github_jobs().values() if "services" in job]
    gitlab = gitlab_jobs()["test"]
    for variables, services in (
        (github["env"], set(github["services"])),
        (gitlab["variables"], {s["alias"] for s in gitlab["services"]}),
    ):
        assert services == {"postgres", "redis"}
        assert variables["DATABASE_URL"].startswith("postgres://")
        assert variables["REDIS_URL"].startswith("redis://")
        assert variables["CI"] == "1", "browser tests fail instead of skipping"
        assert variables["PYTEST_ADDOPTS"] == "--create-db"
    assert github["env"]["CHROMIUM_PATH"]
    assert "chromium" in " ".join(gitlab["before_script"])


def test_every_action_a_workflow_uses_is_pinned_to_a_commit_and_names_its_version():
    """A tag can be moved to other code; a commit cannot. The comment is what Dependabot
    updates and a reader checks (docs/deployment.md says the Actions are pinned)."""
    used = []
    for workflow in sorted((BASE_DIR / ".github" / "workflows").glob("*.yml")):
        for ref in re.findall(r"^\s*(?:- )?uses: (.+)$", workflow.read_text(), re.MULTILINE):
            if not ref.startswith("./"):  # this repository's own reusable workflow
                used.append((workflow.name, ref))
    assert used
    unpinned = [
        (name, ref)
        for name, ref in used
        if not re.fullmatch(r"[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40} # v\d+(?:\.\d+)*", ref)
    ]
    assert unpinned == []


def test_every_bandit_finding_is_explained_and_every_explanation_still_applies():
    baseline = json.loads(BANDIT_BASELINE.read_text())["results"]
    unexplained = [r for r in baseline if len(r.get("reason", "").strip()) < 20]
    assert not unexplained, "give each baselined finding its reason"

    scan = subprocess.run(
        [
            sys.executable,
            "-m",
            "bandit",
            "-q",
            "-c",
            "pyproject.toml",
            "-r",
            "cms",
            "site_apps",
            "-f",
            "json",
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    def key(result: dict[str, Any]) -> tuple[str, str, str]:
        return (Path(result["filename"]).as_posix(), result["test_id"], result["issue_text"])

    found = sorted(key(r) for r in json.loads(scan.stdout)["results"])
    explained = sorted(key(r) for r in baseline)
    assert [f for f in found if f not in explained] == [], "fix these, or explain them"
    assert [e for e in explained if e not in found] == [], "these are gone: drop them"
    assert len(found) == len(explained)
