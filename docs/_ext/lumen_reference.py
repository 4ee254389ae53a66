"""Writes the code reference and the REST API's schema at build time, then checks coverage.

Nothing generated here is committed: every build walks `cms/` and `site_apps/` afresh, writes
one page per module under ``reference/code/`` (gitignored), writes the OpenAPI schema that
drf-spectacular generates to ``_generated/openapi.yaml``, and at the end warns (an error
under ``-W``) about any module of the two packages that did not reach the reference.
"""

from __future__ import annotations

import ast
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PACKAGES = ("cms", "site_apps")
SKIPPED_PARTS = {"migrations", "node_modules", "static_src"}
# Settings modules act when imported (production refuses to start without its variables), so
# their pages are written from the source's docstring and assignments, never by importing them.
NOT_IMPORTED = {
    "cms.settings.base",
    "cms.settings.dev",
    "cms.settings.production",
    "cms.settings.test",
}
CODE_DIR = DOCS / "reference" / "code"
SCHEMA_FILE = DOCS / "_generated" / "openapi.yaml"


def discover_modules(root: Path = ROOT) -> list[str]:
    """Every importable module of cms and site_apps, as dotted names, migrations left out."""
    names = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if SKIPPED_PARTS.intersection(relative.parts):
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            names.append(".".join(parts))
    return sorted(set(names))


def _title(name: str) -> str:
    return f"``{name}``\n" + "=" * (len(name) + 4) + "\n\n"


def _settings_page(name: str) -> str:
    source = (ROOT / (name.replace(".", "/") + ".py")).read_text(encoding="utf-8")
    tree = ast.parse(source)
    doc = ast.get_docstring(tree) or ""
    settings = sorted(
        {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name) and target.id.isupper()
        }
    )
    lines = [_title(name), f".. py:module:: {name}\n\n"]
    if doc:
        lines.append(".. code-block:: text\n\n")
        lines.extend(f"   {line}\n" for line in doc.splitlines())
        lines.append("\n")
    lines.append("Read from the source, not imported (importing a settings module acts).\n\n")
    if settings:
        lines.append("Settings it assigns: " + ", ".join(f"``{s}``" for s in settings) + ".\n")
    return "".join(lines)


def _module_page(name: str, children: list[str]) -> str:
    page = _title(name) + f".. automodule:: {name}\n   :members:\n   :show-inheritance:\n\n"
    if children:
        page += ".. toctree::\n   :maxdepth: 1\n   :titlesonly:\n\n" + "".join(
            f"   {c}\n" for c in children
        )
    return page


def write_code_reference(app: Sphinx) -> None:
    """One page per module; a package's page lists its modules in a toctree."""
    modules = discover_modules()
    CODE_DIR.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for name in modules:
        children = [m for m in modules if m.rpartition(".")[0] == name]
        text = _settings_page(name) if name in NOT_IMPORTED else _module_page(name, children)
        target = CODE_DIR / f"{name}.rst"
        wanted.add(target.name)
        # Rewriting an unchanged page would make Sphinx read it again on every build.
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for stale in CODE_DIR.glob("*.rst"):
        if stale.name not in wanted:
            stale.unlink()


def write_openapi_schema(app: Sphinx) -> None:
    """The schema the site serves at /api/schema/, written by drf-spectacular's own command."""
    from django.core.management import call_command

    SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
    call_command("spectacular", file=str(SCHEMA_FILE), validate=True, fail_on_warn=True)


def check_every_module(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn (an error under -W) for any module of cms or site_apps missing from the reference."""
    documented = set(env.domains["py"].modules)
    for name in discover_modules():
        if name not in documented:
            logger.warning("module %s is missing from the code reference", name)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", write_code_reference)
    app.connect("builder-inited", write_openapi_schema)
    app.connect("env-check-consistency", check_every_module)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
