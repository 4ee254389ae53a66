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
# Settings fragments (one per integration) only assign settings: imported like any module, but
# their pages list the settings they assign, as the settings modules' pages do.
SETTINGS_FRAGMENTS = ("cms.settings.integrations.", "cms.settings.site")
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
    lines = [f".. py:module:: {name}\n\n"]
    if doc:
        lines.append(".. lumen-markdown::\n\n")
        lines.extend(f"   {line}\n" for line in doc.splitlines())
        lines.append("\n")
    if name in NOT_IMPORTED:
        lines.append("Read from the source, not imported (importing a settings module acts).\n\n")
    if settings:
        lines.append("Settings it assigns: " + ", ".join(f"``{s}``" for s in settings) + ".\n\n")
    return "".join(lines)


def page_of(name: str) -> str:
    """The reference page a module is on: one page per app (`site_apps.billing`, `cms.blocks`),
    and the package's own page for modules directly in `cms/` or `site_apps/`."""
    parts = name.split(".")
    if len(parts) >= 2 and (ROOT / parts[0] / parts[1]).is_dir():
        return ".".join(parts[:2])
    return parts[0]


def _module_body(name: str) -> str:
    if name in NOT_IMPORTED or name.startswith(SETTINGS_FRAGMENTS):
        return _settings_page(name)
    return f".. automodule:: {name}\n   :members:\n   :show-inheritance:\n\n"


def _page(page: str, modules: list[str], children: list[str]) -> str:
    """An app's page: its package first, then each of its modules as a section."""
    text = _title(page)
    for name in modules:
        if name != page:
            title = f"``{name}``"
            text += f"{title}\n{'-' * len(title)}\n\n"
        text += _module_body(name)
    if children:
        text += ".. toctree::\n   :maxdepth: 1\n   :titlesonly:\n\n"
        text += "".join(f"   {child}\n" for child in children)
    return text


def write_code_reference(app: Sphinx) -> None:
    """One page per app (a few dozen, not one per module: furo draws the whole navigation on
    every page, so the page count sets the build time); the package pages list the apps."""
    pages: dict[str, list[str]] = {}
    for name in discover_modules():
        pages.setdefault(page_of(name), []).append(name)
    CODE_DIR.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for page, modules in pages.items():
        children = sorted(p for p in pages if p != page and p.partition(".")[0] == page)
        text = _page(page, modules, children)
        target = CODE_DIR / f"{page}.rst"
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
