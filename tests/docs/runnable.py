"""A doctest-like runner for the docs' shell examples, so a guide cannot drift from the code.

A fenced block is runnable when its info string ends with ``runnable``::

    ```console runnable
    $ curl -s http://127.0.0.1:8000/health/live/
    {"status": "ok"}
    ```

Each ``$ `` line is a command (a trailing backslash continues it); the lines after it, up to the
next command, are its expected output, where ``...`` matches anything (as doctest's ELLIPSIS).
A command with no expected output must only succeed. The blocks of one page run in order in one
session, so ``KEY=$(...)`` in one block is ``$KEY`` in the next.

What a command may be (anything else fails, naming the command, rather than being skipped):

- ``curl`` with ``-s -S -f -i -X -H -d/--data/--data-raw --json -o /dev/null -w '%{http_code}'``:
  sent through Django's test client to the test database, whatever host the URL names;
- ``python manage.py ...`` (also ``uv run python manage.py``, ``./manage.py``): the command runs
  in-process against the same database;
- ``NAME=$(command)`` or ``export NAME=value``, and ``echo``.

A page names the data its examples need in an HTML comment, ``<!-- runnable-setup: team -->``;
every page starts from the English demo site (`load_demo`'s pages). See ``SETUPS``.
"""

from __future__ import annotations

import io
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.management import call_command
from django.test import Client
from markdown_it import MarkdownIt

DOCS = Path(__file__).resolve().parents[2] / "docs"
SETUP_COMMENT = re.compile(r"<!--\s*runnable-setup:\s*([\w ,-]+?)\s*-->")
ASSIGNMENT = re.compile(r"^(?:export\s+)?([A-Za-z_]\w*)=(.*)$", re.DOTALL)
MANAGE_PREFIXES = (
    ["python", "manage.py"],
    ["uv", "run", "python", "manage.py"],
    ["uv", "run", "manage.py"],
    ["./manage.py"],
)


@dataclass
class Command:
    line: int
    text: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Block:
    path: Path
    line: int
    commands: list[Command]


@dataclass
class Page:
    path: Path
    setups: list[str]
    blocks: list[Block]


def parse_commands(text: str, first_line: int) -> list[Command]:
    """Split a block into commands (``$ `` lines, ``\\`` continued) and their expected output."""
    commands: list[Command] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("$ "):
            start = first_line + index
            parts = [line[2:]]
            while parts[-1].endswith("\\") and index + 1 < len(lines):
                index += 1
                parts[-1] = parts[-1][:-1]
                parts.append(lines[index].strip())
            commands.append(Command(start, " ".join(p.strip() for p in parts)))
        elif commands:
            commands[-1].expected.append(line)
        elif line.strip():
            raise ValueError(f"line {first_line + index}: output before any `$ ` command")
        index += 1
    for command in commands:
        while command.expected and not command.expected[-1].strip():
            command.expected.pop()
    return commands


def find_pages(docs: Path = DOCS) -> list[Page]:
    """Every page of docs/ with at least one runnable block."""
    parser = MarkdownIt("commonmark")
    pages = []
    for path in sorted(docs.rglob("*.md")):
        if "_build" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        blocks = []
        for token in parser.parse(source):
            info = token.info.split()
            if token.type == "fence" and len(info) >= 2 and info[-1] == "runnable":
                first_line = token.map[0] + 2 if token.map else 0
                blocks.append(Block(path, first_line, parse_commands(token.content, first_line)))
        if blocks:
            setups = [
                name.strip()
                for match in SETUP_COMMENT.finditer(source)
                for name in match.group(1).split(",")
            ]
            pages.append(Page(path, setups, blocks))
    return pages


def output_matches(expected: list[str], actual: str) -> bool:
    """doctest's ELLIPSIS: ``...`` matches any text; trailing spaces do not count."""
    want = "\n".join(line.rstrip() for line in expected).strip()
    got = "\n".join(line.rstrip() for line in actual.splitlines()).strip()
    pattern = ".*".join(re.escape(part) for part in want.split("..."))
    return re.fullmatch(pattern, got, re.DOTALL) is not None


class CommandFailed(AssertionError):
    pass


class Session:
    """One page's run: its variables and a test client that keeps cookies between commands."""

    def __init__(self) -> None:
        self.variables: dict[str, str] = {}
        self.client = Client()

    def expand(self, text: str) -> str:
        """``$NAME`` and ``${NAME}`` outside single quotes, as a shell would."""
        result, quoted, index = [], False, 0
        while index < len(text):
            char = text[index]
            if char == "'":
                quoted = not quoted
            if char == "$" and not quoted:
                match = re.match(r"\$(?:\{(\w+)\}|(\w+))", text[index:])
                if match:
                    name = match.group(1) or match.group(2)
                    if name not in self.variables:
                        raise CommandFailed(f"${name} is not set by an earlier command")
                    result.append(self.variables[name])
                    index += match.end()
                    continue
            result.append(char)
            index += 1
        return "".join(result)

    def run(self, text: str) -> str:
        """Run one command line and answer what it prints."""
        text = text.strip()
        assignment = ASSIGNMENT.match(text)
        if assignment:
            name, value = assignment.groups()
            substitution = re.fullmatch(r"\$\((.*)\)", value.strip(), re.DOTALL)
            if substitution:
                self.variables[name] = self.run(substitution.group(1)).strip()
            else:
                self.variables[name] = " ".join(shlex.split(self.expand(value)))
            return ""
        if re.search(r"(?<!\\)[|;&<>]", self.expand_quotes_away(text)):
            raise CommandFailed(f"pipes, redirects and command lists are not supported: {text}")
        words = shlex.split(self.expand(text))
        if not words:
            return ""
        if words[0] == "echo":
            return " ".join(words[1:]) + "\n"
        if words[0] == "curl":
            return self.curl(words[1:])
        for prefix in MANAGE_PREFIXES:
            if words[: len(prefix)] == prefix:
                return self.manage(words[len(prefix) :])
        raise CommandFailed(f"the runner does not know how to run: {text}")

    @staticmethod
    def expand_quotes_away(text: str) -> str:
        """The command with its quoted parts removed, to look for shell operators outside them."""
        return re.sub(r"'[^']*'|\"(?:\\.|[^\"\\])*\"|\$\([^)]*\)", "", text)

    def manage(self, arguments: list[str]) -> str:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(*arguments, stdout=out, stderr=err)
        except SystemExit as exit_:  # argparse refused the arguments
            raise CommandFailed(f"manage.py {' '.join(arguments)}: {err.getvalue()}") from exit_
        return out.getvalue()

    def curl(self, arguments: list[str]) -> str:
        method, url, data = None, None, None
        headers: dict[str, str] = {}
        include, fail, write_out, discard = False, False, None, False
        words = iter(arguments)
        for word in words:
            if word in ("-s", "--silent", "-S", "--show-error", "-sS"):
                continue
            if word in ("-f", "--fail", "-sf", "-fsS", "-sSf"):
                fail = True
            elif word in ("-i", "--include", "-si"):
                include = True
            elif word in ("-X", "--request"):
                method = next(words)
            elif word in ("-H", "--header"):
                name, _, value = next(words).partition(":")
                headers[name.strip()] = value.strip()
            elif word in ("-d", "--data", "--data-raw"):
                data = next(words)
                headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
            elif word == "--json":
                data = next(words)
                headers.setdefault("Content-Type", "application/json")
                headers.setdefault("Accept", "application/json")
            elif word in ("-o", "--output"):
                if next(words) != "/dev/null":
                    raise CommandFailed("curl -o: only /dev/null is supported")
                discard = True
            elif word in ("-w", "--write-out"):
                write_out = next(words)
            elif word.startswith("-"):
                raise CommandFailed(f"the runner does not know curl's {word}")
            else:
                url = word
        if url is None:
            raise CommandFailed("curl without a URL")
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        method = (method or ("POST" if data is not None else "GET")).upper()
        sent = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        # The Host the URL names, as curl sends it, so absolute links in answers match the page.
        sent.setdefault("Host", parts.netloc or "127.0.0.1:8000")
        extra: dict[str, Any] = {"headers": sent}
        content_type = headers.get("Content-Type", "application/octet-stream")
        response = self.client.generic(
            method, path, data=data or "", content_type=content_type, **extra
        )
        if fail and response.status_code >= 400:
            raise CommandFailed(f"curl -f: {method} {path} answered {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        output = ""
        if include:
            output += f"HTTP/1.1 {response.status_code} {response.reason_phrase}\n"
            output += "".join(f"{k}: {v}\n" for k, v in response.headers.items()) + "\n"
        if not discard:
            output += body.decode("utf-8", errors="replace")
        if write_out:
            output += write_out.replace("%{http_code}", str(response.status_code)).replace(
                "\\n", "\n"
            )
        return output


def run_page(
    page: Page, setups: dict[str, Callable[[], None]], done: set[str] | None = None
) -> int:
    """Run every block of a page in one session; answer how many commands ran.

    The page's setups run first, except those in `done` (already run for an earlier page).
    """
    done = set() if done is None else done
    for name in page.setups:
        if name not in setups:
            raise CommandFailed(f"{page.path.name}: unknown runnable-setup {name!r}")
        if name not in done:
            setups[name]()
            done.add(name)
    session = Session()
    ran = 0
    for block in page.blocks:
        for command in block.commands:
            where = f"{page.path.relative_to(DOCS.parent)}:{command.line}: $ {command.text}"
            try:
                actual = session.run(command.text)
            except CommandFailed as error:
                raise CommandFailed(f"{where}\n{error}") from None
            except Exception as error:
                raise CommandFailed(f"{where}\n{type(error).__name__}: {error}") from error
            if command.expected and not output_matches(command.expected, actual):
                raise CommandFailed(
                    f"{where}\nexpected:\n" + "\n".join(command.expected) + f"\ngot:\n{actual}"
                )
            ran += 1
    return ran
