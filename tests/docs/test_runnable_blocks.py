"""Every runnable shell block in docs/ runs against the demo site and prints what the page says.

See tests/docs/runnable.py for what a runnable block is and which commands the runner knows.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.docs.runnable import (
    CommandFailed,
    Session,
    find_pages,
    output_matches,
    parse_commands,
    run_page,
)

PAGES = find_pages()


def make_team() -> None:
    """What `make run` sets up: `ensure_local_admin`, in DEBUG as there (it refuses otherwise):
    admin@example.com (password `admin`, verified), owner of the team Acme (slug `acme`)."""
    from django.test import override_settings

    with override_settings(DEBUG=True):
        call_command("ensure_local_admin", stdout=io.StringIO())


SETUPS = {"team": make_team}


def test_runnable_blocks_run_as_written(demo_site) -> None:
    """Every page's blocks, in one test so the demo site is built once for all of them."""
    failures, ran = [], 0
    for page in PAGES:
        try:
            ran += run_page(page, SETUPS)
        except CommandFailed as failure:
            failures.append(str(failure))
    assert not failures, "\n\n".join(failures)
    assert ran >= len(PAGES)


def test_the_guides_have_runnable_blocks() -> None:
    """The runner finds the marked blocks (a typo in the marker would silently run nothing)."""
    names = {page.path.name for page in PAGES}
    assert {"getting-started.md", "api.md"} <= names


def test_parse_and_match_like_doctest() -> None:
    commands = parse_commands("$ echo a \\\n  b\na b\n$ echo c\n", 10)
    assert [(c.line, c.text, c.expected) for c in commands] == [
        (10, "echo a b", ["a b"]),
        (13, "echo c", []),
    ]
    assert output_matches(['{"id": ..., "ok": true}'], '{"id": 42, "ok": true}\n')
    assert not output_matches(['{"ok": true}'], '{"ok": false}')


def test_json_is_compared_by_structure_apart_from_varying_fields() -> None:
    printed = ['{"id": 1, "prefix": "L4oO8v9u", "name": "CI", "tags": ["a"],', ' "token": "ab…"}']
    assert output_matches(printed, '{"id":7,"prefix":"x","name":"CI","tags":["a"],"token":"abc"}')
    assert not output_matches(printed, '{"id":7,"prefix":"x","name":"CD","tags":["a"],"token":"a"}')
    assert not output_matches(printed, '{"id":7,"prefix":"x","name":"CI","tags":[],"token":"ab"}')
    assert not output_matches(printed, '{"id":"7","prefix":"x","name":"CI","tags":["a"]}')
    assert output_matches(
        ['{"next": "http://x/?cursor=cD0y&page_size=1"}'],
        '{"next": "http://x/?cursor=bz0x&page_size=1"}',
    )


def test_http_heads_list_only_the_headers_that_matter() -> None:
    got = (
        "HTTP/1.1 429 Too Many Requests\nContent-Type: application/json\nRetry-After: 42\n\n"
        '{"a": 1}'
    )
    assert output_matches(["HTTP/1.1 429 Too Many Requests", "Retry-After: 15", '{"a": 1}'], got)
    assert not output_matches(["HTTP/1.1 429 Too Many Requests", "Vary: Cookie", '{"a": 1}'], got)
    assert not output_matches(["HTTP/1.1 200 OK", '{"a": 1}'], got)


def test_unknown_commands_fail_instead_of_being_skipped() -> None:
    session = Session()
    with pytest.raises(CommandFailed, match="does not know how to run"):
        session.run("rm -rf /tmp/nothing")
    with pytest.raises(CommandFailed, match="pipe may only go into"):
        session.run("echo a | wc -l")
    with pytest.raises(CommandFailed, match="redirects"):
        session.run("echo a > /tmp/x")
    assert session.run("echo a | head -1") == "a\n"
    assert session.run("""echo '{"access": "t", "n": {"m": 1}}' | jq -r .n.m""") == "1\n"
    with pytest.raises(CommandFailed, match=r"\$KEY is not set"):
        session.run("echo $KEY")


def test_the_developers_page_first_curl_runs_as_printed(demo_site, settings) -> None:
    """The Developers page's first command names this site's own address (here another port,
    as `PORT=8123 make run` serves) and, with a new key in $LUMEN_API_KEY, reads the team."""
    from typing import Any

    from bs4 import BeautifulSoup

    settings.SITE_URL = "http://127.0.0.1:8123"
    make_team()
    session = Session()
    page: Any = BeautifulSoup(session.client.get("/developers/").content, "html.parser")
    command = page.select_one("pre code").get_text()
    assert command.startswith("curl http://127.0.0.1:8123/api/v1/team/ ")
    session.run(
        "LUMEN_API_KEY=$(python manage.py issue_api_key --team acme --name Docs"
        " --user admin@example.com)"
    )
    answer = session.run(" ".join(line.rstrip("\\") for line in command.splitlines()))
    team = '{"slug": "acme", "name": "Acme", "role": "member", "created_at": "...", '
    assert output_matches([team + '"plan": "team", "api_key": "..."}'], answer), answer
