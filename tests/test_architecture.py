"""No import inside a function unless it says why.

Imports belong at the top of a module, where a reader (and import-linter) sees what it depends
on. An import inside a function is allowed in `AppConfig.ready()` (Django's place for it) and
where a comment right above it starts with `# imported here:` and gives the reason: a circle
between two modules of one app, a module that loads before Django's apps are ready, a heavy
library loaded only when it is used. docs/architecture.md lists these kinds.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = "# imported here:"
# Nothing is left out any more (billing, the pricing page and the settings have landed).
NOT_YET: tuple[str, ...] = ()


def _function_imports(tree: ast.AST) -> list[tuple[ast.stmt, list[ast.stmt]]]:
    """(import, the statements of the block it sits in), for imports inside functions other
    than a `ready()` method."""
    found: list[tuple[ast.stmt, list[ast.stmt]]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for field in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for child in block:
                if isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                    found.append((child, block))
                elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    if child.name != "ready":
                        visit(child, True)
                else:
                    visit(child, in_function)

    visit(tree, False)
    return found


def _explained(node: ast.stmt, block: list[ast.stmt], lines: list[str]) -> bool:
    """Whether a `# imported here:` comment sits between the previous statement that is not an
    import (or the function's start) and this import."""
    index = block.index(node)
    while index > 0 and isinstance(block[index - 1], ast.Import | ast.ImportFrom):
        index -= 1
    first = block[index]
    start = block[index - 1].end_lineno if index > 0 else first.lineno - 3
    between = lines[max(start or 0, 0) : first.lineno - 1]
    return any(line.strip().startswith(MARK) for line in between)


def unexplained_function_imports(root: Path = ROOT) -> list[str]:
    found = []
    for package in ("cms", "site_apps"):
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if "/migrations/" in relative or "node_modules" in relative:
                continue
            if relative.startswith(NOT_YET):
                continue
            source = path.read_text(encoding="utf-8")
            lines = source.splitlines()
            for node, block in _function_imports(ast.parse(source)):
                if not _explained(node, block, lines):
                    found.append(f"{relative}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return found


def test_no_function_level_import_without_a_reason() -> None:
    assert unexplained_function_imports() == []


def test_the_check_sees_an_unexplained_import_and_accepts_ready_and_a_reason(tmp_path) -> None:
    package = tmp_path / "cms"
    package.mkdir()
    (tmp_path / "site_apps").mkdir()
    (package / "example.py").write_text(
        "class Config:\n"
        "    def ready(self):\n"
        "        from cms import signals\n"
        "\n"
        "\n"
        "def explained():\n"
        "    x = 1\n"
        "    # imported here: the models import this module\n"
        "    from cms.models import Thing\n"
        "    from cms.models import Other\n"
        "\n"
        "\n"
        "def unexplained():\n"
        "    if True:\n"
        "        import json\n"
    )
    assert unexplained_function_imports(tmp_path) == ["cms/example.py:15: import json"]
