"""docs/api.md's first examples run as printed against `make run`'s site: its team Acme exists
(made by `ensure_local_admin`), the shell command prints a key, and each `curl` with that key
answers what the page shows (the same fields and values, apart from ids, times and secrets)."""

from __future__ import annotations

import itertools
import json
import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
VARYING = {"id", "created_at", "api_key", "prefix", "key"}

pytestmark = pytest.mark.django_db


def first_key_example() -> list[tuple[str, str]]:
    """The commands (after `$ `) and what each printed, of the block under "`make run` sets up"."""
    text = DOC.read_text()
    block = text[text.index("`make run` sets up") :]
    block = block[block.index("```sh\n") + 6 :]
    block = block[: block.index("\n```")]
    steps: list[tuple[str, str]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], ""))
        else:
            command, printed = steps[-1]
            steps[-1] = (command, printed + line)
    return steps


def same_shape(printed, got) -> None:
    if isinstance(printed, dict):
        assert set(got) == set(printed), (printed, got)
        for name, value in printed.items():
            if name not in VARYING:
                same_shape(value, got[name])
    elif isinstance(printed, list):
        assert len(got) == len(printed), (printed, got)
        for one, other in zip(printed, got, strict=True):
            same_shape(one, other)
    else:
        assert got == printed


def test_the_first_api_key_examples_run_as_printed(settings):
    settings.DEBUG = True  # ensure_local_admin runs only in development, as `make run` is
    call_command("ensure_local_admin", stdout=StringIO())
    variables: dict[str, str] = {}
    ran = 0
    for command, printed in first_key_example():
        if match := re.fullmatch(r"(\w+)=\$\(uv run python manage.py (.+)\)", command):
            out = StringIO()
            call_command(*shlex.split(match.group(2)), stdout=out)
            variables[match.group(1)] = out.getvalue().strip()
        elif command.startswith("echo "):
            assert re.fullmatch(r"\w{8}\.\w{32}", printed)  # looks like the printed key
            assert re.fullmatch(r"\w{8}\.\w{32}", variables["KEY"])
        else:
            words = shlex.split(re.sub(r"\$(\w+)", lambda m: variables[m.group(1)], command))
            assert words[:2] == ["curl", "-s"]
            url = words[2]
            headers = dict(
                header.split(": ", 1) for flag, header in itertools.pairwise(words) if flag == "-H"
            )
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=headers["Authorization"])
            response = client.get(url.removeprefix("http://127.0.0.1:8000"))
            assert response.status_code == 200, response.content
            same_shape(json.loads(printed), response.json())
            ran += 1
    assert ran == 2
