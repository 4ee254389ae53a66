"""Every runnable shell block in docs/ runs against the demo site and prints what the page says.

See tests/docs/runnable.py for what a runnable block is and which commands the runner knows.
"""

from __future__ import annotations

import pytest

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
    """Ada Lovelace (ada@example.com), owner of the team Acme (slug `acme`)."""
    from site_apps.accounts.models import User
    from site_apps.teams.services import create_team

    ada = User.objects.create_user(
        email="ada@example.com",
        password="correct horse battery staple",
        first_name="Ada",
        last_name="Lovelace",
    )
    create_team(ada, "Acme")


SETUPS = {"team": make_team}


def test_runnable_blocks_run_as_written(demo_site) -> None:
    """Every page's blocks, in one test so the demo site is built once for all of them."""
    failures, ran = [], 0
    done: set[str] = set()
    for page in PAGES:
        try:
            ran += run_page(page, SETUPS, done)
        except CommandFailed as failure:
            failures.append(str(failure))
    assert not failures, "\n\n".join(failures)
    assert ran >= len(PAGES)


def test_the_guides_have_runnable_blocks() -> None:
    """The runner finds the marked blocks (a typo in the marker would silently run nothing)."""
    names = {page.path.name for page in PAGES}
    assert {"getting-started.md"} <= names


def test_parse_and_match_like_doctest() -> None:
    commands = parse_commands("$ echo a \\\n  b\na b\n$ echo c\n", 10)
    assert [(c.line, c.text, c.expected) for c in commands] == [
        (10, "echo a b", ["a b"]),
        (13, "echo c", []),
    ]
    assert output_matches(['{"id": ..., "ok": true}'], '{"id": 42, "ok": true}\n')
    assert not output_matches(['{"ok": true}'], '{"ok": false}')


def test_unknown_commands_fail_instead_of_being_skipped() -> None:
    session = Session()
    with pytest.raises(CommandFailed, match="does not know how to run"):
        session.run("rm -rf /tmp/nothing")
    with pytest.raises(CommandFailed, match="pipes"):
        session.run("echo a | wc -l")
    with pytest.raises(CommandFailed, match=r"\$KEY is not set"):
        session.run("echo $KEY")
