"""Build the docs of every release tag (v*) and of main, each into its own folder, with a
version switcher on every page: `make docs-versions` (GitHub Pages publishes the result).

Each version is built from its own sources (a `git archive` of the ref), with this checkout's
virtual environment. The list of versions reaches the pages through LUMEN_DOCS_VERSIONS, which
conf.py turns into the `versions` the sidebar's switcher shows. (sphinx-multiversion does the
same, but its last release cannot load a Sphinx 9 configuration.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "_build" / "versions"
REDIRECT = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Lumen documentation</title>
  <meta http-equiv="refresh" content="0; url={version}/">
  <link rel="canonical" href="{version}/">
</head>
<body><p>The documentation is at <a href="{version}/">{version}/</a>.</p></body>
</html>
"""
TAG = re.compile(r"^v\d+\.\d+(\.\d+)?$")


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def refs() -> list[str]:
    """main first, then the release tags, newest first (only those that have docs/conf.py)."""
    tags = [t for t in git("tag", "--list", "v*", "--sort=-v:refname").split() if TAG.match(t)]
    names = ["main", *tags]
    return [
        n
        for n in names
        if subprocess.run(
            ["git", "cat-file", "-e", f"{n}:docs/conf.py"], cwd=ROOT, capture_output=True
        ).returncode
        == 0
    ]


def main() -> int:
    names = refs()
    if not names:
        print("no main branch or v* tag with docs/conf.py", file=sys.stderr)
        return 1
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    versions = [{"name": n} for n in names]
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            archive = subprocess.run(
                ["git", "archive", "--format=tar", name], cwd=ROOT, check=True, capture_output=True
            ).stdout
            with tarfile.open(fileobj=BytesIO(archive)) as tar:
                tar.extractall(tmp, filter="data")
            env = dict(
                os.environ, LUMEN_DOCS_VERSIONS=json.dumps(versions), LUMEN_DOCS_VERSION=name
            )
            print(f"building {name}", flush=True)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "sphinx",
                    "-W",
                    "--keep-going",
                    "-q",
                    "-b",
                    "html",
                    str(Path(tmp) / "docs"),
                    str(OUT / name),
                ],
                cwd=tmp,
                env=env,
                check=True,
            )
    # The site's root sends visitors to main (or to the newest tag when main was not built).
    (OUT / "index.html").write_text(REDIRECT.format(version=names[0]), encoding="utf-8")
    (OUT / ".nojekyll").touch()
    return 0


if __name__ == "__main__":
    sys.exit(main())
