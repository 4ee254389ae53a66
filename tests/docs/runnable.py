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

So that a page can print real-looking answers rather than ``...``:

- when the expected output and the actual one both parse as JSON they are compared by
  structure (see ``json_matches``): the same keys, lists of the same length, and equal values,
  except the fields in ``VARYING`` (ids, times, days, key prefixes, secrets, tokens), which only
  need the same type; a string with ``...`` or ``…`` in it is an ellipsis, and a ``cursor=``
  in a URL matches any cursor;
- after ``curl -i`` the expected output is the status line, then only the headers that matter
  (each must be sent, in any order, its value equal unless its name is in ``VARYING_HEADERS``),
  then the body.

What a command may be (anything else fails, naming the command, rather than being skipped):

- ``curl`` with ``-s -S -f -i -D - -X -H -d/--data/--data-raw --json -o /dev/null
  -w '%{http_code}'``:
  sent through Django's test client to the test database, whatever host the URL names;
- ``python manage.py ...`` (also ``uv run python manage.py``, ``./manage.py``): the command runs
  in-process against the same database;
- ``NAME=$(command)`` or ``export NAME=value``, ``echo``, and ``date -u +FORMAT``;
- a pipe into ``head -N`` (the first lines) or ``jq -r .name`` (one field of a JSON object,
  ``.a.b`` for nested ones), the only two filters, so that ``ACCESS=$(curl ... | jq -r .access)``
  takes a token for the next commands exactly as in a shell with jq installed.

A page names the data its examples need in an HTML comment, ``<!-- runnable-setup: team -->``;
every page starts from the English demo site (`load_demo`'s pages), in its own savepoint with an
empty cache, so pages do not see each other's keys, counters or rate limits. See ``SETUPS``.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
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
# JSON fields whose values differ from run to run: only their type is compared.
VARYING = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "last_used_at",
        "revoked_at",
        "day",
        "since",
        "until",
        "prefix",
        "key",
        "api_key",
        "caller",
        "access",
        "refresh",
    }
)
# Headers after `curl -i` whose values differ from run to run: only their presence counts.
VARYING_HEADERS = frozenset({"date", "retry-after", "ratelimit-reset", "ratelimit-remaining"})
CURSOR = re.compile(r"cursor=[^&\s\"]*")


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


def ellipsis_matches(want: str, got: str) -> bool:
    """doctest's ELLIPSIS: ``...`` (or ``…``) matches any text."""
    parts = want.replace("…", "...").split("...")
    return re.fullmatch(".*".join(re.escape(part) for part in parts), got, re.DOTALL) is not None


def json_matches(want: Any, got: Any, key: str | None = None) -> bool:
    """The same structure and values, apart from `VARYING` fields, ellipses and cursors."""
    if key in VARYING and (want is None or got is None or type(want) is type(got)):
        return True
    if isinstance(want, dict):
        return (
            isinstance(got, dict)
            and set(want) == set(got)
            and all(json_matches(value, got[name], name) for name, value in want.items())
        )
    if isinstance(want, list):
        return (
            isinstance(got, list)
            and len(want) == len(got)
            and all(json_matches(one, other) for one, other in zip(want, got, strict=True))
        )
    if isinstance(want, str) and isinstance(got, str):
        want, got = CURSOR.sub("cursor=...", want), CURSOR.sub("cursor=...", got)
        return ellipsis_matches(want, got)
    return type(want) is type(got) and want == got


def body_matches(want: str, got: str) -> bool:
    """JSON by structure when both sides are JSON, else text with ellipses."""
    try:
        return json_matches(json.loads(want), json.loads(got))
    except ValueError:
        return ellipsis_matches(want, got)


def split_head(lines: list[str], expected: bool) -> tuple[list[str], list[str]]:
    """An HTTP answer's status and header lines, and its body lines.

    The expected side may leave out the blank line: its headers end at the first line that
    is not `Name: value`.
    """
    for index, line in enumerate(lines):
        if not line.strip():
            return lines[:index], lines[index + 1 :]
        if index and expected and not re.match(r"^[\w-]+: ", line):
            return lines[:index], lines[index:]
    return lines, []


def head_matches(want: list[str], got: list[str]) -> bool:
    if not want or not got or not ellipsis_matches(want[0], got[0]):
        return False
    sent: dict[str, list[str]] = {}
    for line in got[1:]:
        name, _, value = line.partition(":")
        sent.setdefault(name.strip().lower(), []).append(value.strip())
    for line in want[1:]:
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        values = sent.get(name, [])
        if not values or (
            name not in VARYING_HEADERS and not any(ellipsis_matches(value, v) for v in values)
        ):
            return False
    return True


def output_matches(expected: list[str], actual: str) -> bool:
    """Whether a command printed what the page shows; trailing spaces do not count."""
    want_lines = [line.rstrip() for line in expected]
    got_lines = [line.rstrip() for line in actual.splitlines()]
    want, got = "\n".join(want_lines).strip(), "\n".join(got_lines).strip()
    if ellipsis_matches(want, got):
        return True
    if want.startswith("HTTP/") and got.startswith("HTTP/"):
        want_head, want_body = split_head(want.splitlines(), expected=True)
        got_head, got_body = split_head(got.splitlines(), expected=False)
        if not head_matches(want_head, got_head):
            return False
        want, got = "\n".join(want_body).strip(), "\n".join(got_body).strip()
        if not want:
            return True
    return body_matches(want, got)


class CommandFailed(AssertionError):
    pass


class Session:
    """One page's run: its variables and a test client that keeps cookies between commands."""

    def __init__(self) -> None:
        self.variables: dict[str, str] = {}
        self.client = Client()

    def mark(self, text: str) -> str:
        """``$NAME`` and ``${NAME}`` outside single quotes replaced by a marker, so that the
        quotes inside a value (JSON) survive splitting into words, as in a shell."""
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
                    result.append(f"\x00{name}\x00")
                    index += match.end()
                    continue
            result.append(char)
            index += 1
        return "".join(result)

    def substitute(self, text: str) -> str:
        return re.sub("\x00(\\w+)\x00", lambda m: self.variables[m.group(1)], text)

    def words(self, text: str) -> list[str]:
        """The command's words, variables expanded after splitting (no word splitting of values)."""
        return [self.substitute(word) for word in shlex.split(self.mark(text))]

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
                self.variables[name] = " ".join(self.words(value))
            return ""
        stages = self.split_pipes(text)
        output = self.run_one(stages[0])
        for stage in stages[1:]:
            output = self.filter(stage, output)
        return output

    def split_pipes(self, text: str) -> list[str]:
        """The stages of a pipeline; `;`, `&`, redirects and `$(...)` outside quotes fail."""
        bare = self.expand_quotes_away(text)
        if re.search(r"(?<!\\)[;&<>]", bare) or "$(" in bare:
            raise CommandFailed(f"redirects and command lists are not supported: {text}")
        stages: list[str] = []
        current: list[str] = []
        quote = ""
        for char in text:
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "|":
                stages.append("".join(current).strip())
                current = []
                continue
            current.append(char)
        stages.append("".join(current).strip())
        return stages

    def filter(self, stage: str, output: str) -> str:
        """`head -N` and `jq -r .name`: the only filters a pipe may go into."""
        words = self.words(stage)
        if len(words) == 2 and words[0] == "head" and re.fullmatch(r"-(?:n\s*)?\d+", words[1]):
            count = int(re.sub(r"\D", "", words[1]))
            return "".join(output.splitlines(keepends=True)[:count])
        if len(words) == 3 and words[:2] == ["jq", "-r"] and re.fullmatch(r"(\.\w+)+", words[2]):
            value: Any = json.loads(output)
            for name in words[2].split(".")[1:]:
                value = value[name]
            return (value if isinstance(value, str) else json.dumps(value)) + "\n"
        raise CommandFailed(f"a pipe may only go into `head -N` or `jq -r .name`: {stage}")

    def run_one(self, text: str) -> str:
        words = self.words(text)
        if not words:
            return ""
        if words[0] == "echo":
            return " ".join(words[1:]) + "\n"
        if words[0] == "date" and len(words) == 3 and words[1] == "-u" and words[2][:1] == "+":
            return datetime.datetime.now(datetime.UTC).strftime(words[2][1:]) + "\n"
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
            elif word in ("-D", "--dump-header"):  # only `-D -`: the headers on stdout
                if next(words) != "-":
                    raise CommandFailed("curl -D: only `-D -` is supported")
                include = True
            elif word in ("-X", "--request"):
                method = next(words)
            elif word in ("-H", "--header"):
                name, _, value = next(words).partition(":")
                headers[name.strip()] = value.strip()
            elif word in ("-d", "--data", "--data-raw"):  # repeated: joined with `&`, as curl does
                data = next(words) if data is None else f"{data}&{next(words)}"
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
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
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


def run_page(page: Page, setups: dict[str, Callable[[], None]]) -> int:
    """Run a page's setups, then every block of it in one session; answer how many commands ran.

    All of it runs in a savepoint that is rolled back, with the cache emptied before and after.
    """
    cache.clear()
    try:
        with transaction.atomic():
            ran = _run_page(page, setups)
            transaction.set_rollback(True)
    finally:
        cache.clear()
    return ran


def _run_page(page: Page, setups: dict[str, Callable[[], None]]) -> int:
    for name in page.setups:
        if name not in setups:
            raise CommandFailed(f"{page.path.name}: unknown runnable-setup {name!r}")
        setups[name]()
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
