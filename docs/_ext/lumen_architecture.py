"""The architecture page's diagrams, drawn from the code as it is on every build.

``{lumen-contracts}`` draws the layers from the import-linter contracts in ``pyproject.toml``
(the rules ``make lint`` enforces) and lists their contracts and documented exceptions.
``{lumen-layers}`` reads the imports of every module under ``cms/`` and ``site_apps/`` (with
``ast``, nothing is imported) and draws which app imports which, as a Graphviz graph.
``{lumen-app-shapes}`` tabulates which of the standard files (models, services, selectors, ...)
each ``site_apps`` app has. Neither is kept by hand, so neither can go stale.
"""

from __future__ import annotations

import ast
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.ext.graphviz import graphviz
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cms", "site_apps")
SKIPPED_PARTS = {"migrations", "node_modules", "static_src", "management", "__pycache__"}
# Modules of the project itself rather than an app: the configuration layer on top.
PROJECT_MODULES = {"settings", "urls", "wsgi", "asgi", "entrypoint", "gunicorn"}
SHAPE_FILES = (
    "models",
    "services",
    "selectors",
    "policy",
    "views",
    "urls",
    "api",
    "webhooks",
    "tasks",
    "gateway",
    "wagtail_hooks",
)


def app_of(module: str) -> str | None:
    """`site_apps.billing.services` -> `site_apps.billing`; project modules -> `cms (project)`."""
    parts = module.split(".")
    if parts[0] not in PACKAGES or len(parts) < 2:
        return None
    if parts[0] == "cms" and parts[1] in PROJECT_MODULES:
        return "cms (project)"
    if parts[0] == "cms" and not (ROOT / "cms" / parts[1]).is_dir():
        return "cms (shared)"
    return f"{parts[0]}.{parts[1]}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    return ast.unparse(node.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except those under `if TYPE_CHECKING:` (imports for annotations only, which
    never run; the contracts ignore them too: `exclude_type_checking_imports`)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for other in node.orelse:
                yield other
                yield from _runtime_nodes(other)
            continue
        yield node
        yield from _runtime_nodes(node)


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """App -> the other apps it imports from (module-level and function-level imports alike)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if SKIPPED_PARTS.intersection(path.relative_to(root).parts):
                continue
            source_app = app_of(_module_name(path))
            if source_app is None:
                continue
            edges.setdefault(source_app, set())
            for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
                targets: list[str] = []
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    targets = [node.module]
                elif isinstance(node, ast.Import):
                    targets = [alias.name for alias in node.names]
                for target in targets:
                    target_app = app_of(target)
                    if target_app and target_app != source_app:
                        edges[source_app].add(target_app)
    return dict(edges)


def layers_dot(edges: dict[str, set[str]]) -> str:
    """Graphviz source: arrows point from an app to what it imports, so the bottom is shared."""
    lines = [
        "digraph layers {",
        '  graph [rankdir=BT, bgcolor="transparent", nodesep=0.25, ranksep=0.6, '
        'fontname="sans-serif"];',
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=11, '
        'fillcolor="#ede9fe", color="#4a00ff"];',
        '  edge [color="#6b7280", arrowsize=0.6];',
    ]
    for package, colour in (("cms", "#ede9fe"), ("site_apps", "#e0f2fe")):
        lines.append(f'  subgraph "cluster_{package}" {{ label="{package}/"; color="#9ca3af";')
        for app in sorted(a for a in edges if a.startswith(package)):
            short = app.removeprefix(package + ".")
            lines.append(f'    "{app}" [label="{short}", fillcolor="{colour}"];')
        lines.append("  }")
    for source in sorted(edges):
        for target in sorted(edges[source]):
            lines.append(f'  "{source}" -> "{target}";')
    lines.append("}")
    return "\n".join(lines)


def import_contracts(root: Path = ROOT) -> list[dict]:
    """The import-linter contracts, as `make lint` reads them."""
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["contracts"])


def contract_layers_dot(layers: list[str]) -> str:
    """Graphviz source: one row per layer, top to bottom, each package a box in its row."""
    lines = [
        "digraph contracts {",
        '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.15, ranksep=0.35, '
        'fontname="sans-serif"];',
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=11, '
        'color="#4a00ff"];',
        '  edge [color="#6b7280", arrowsize=0.6];',
    ]
    firsts: list[str] = []
    for index, layer in enumerate(layers):
        packages = [p.strip() for p in layer.replace("|", ":").split(":") if p.strip()]
        colour = "#ede9fe" if packages[0].startswith("cms") else "#e0f2fe"
        if "|" in layer or len(packages) == 1:  # independent: a box each, side by side
            names = [f"{index}:{package}" for package in packages]
            lines.append("  { rank=same; " + " ".join(f'"{n}";' for n in names) + " }")
            for name, package in zip(names, packages, strict=True):
                lines.append(f'  "{name}" [label="{package}", fillcolor="{colour}"];')
            firsts.append(names[len(names) // 2])
        else:  # siblings that may import each other: one box
            rows = [", ".join(packages[i : i + 4]) for i in range(0, len(packages), 4)]
            label = "\\n".join(rows)
            lines.append(f'  "{index}" [label="{label}", fillcolor="{colour}", style="filled"];')
            firsts.append(str(index))
    for upper, lower in pairwise(firsts):
        lines.append(f'  "{upper}" -> "{lower}";')
    lines.append("}")
    return "\n".join(lines)


class ContractsDirective(SphinxDirective):
    """The layers, drawn from the import-linter contracts, then every contract and exception."""

    def run(self) -> list[nodes.Node]:
        contracts = import_contracts()
        layered = next(c for c in contracts if c["type"] == "layers")
        node = graphviz()
        node["code"] = contract_layers_dot(layered["layers"])
        node["options"] = {"docname": self.env.docname}
        node["alt"] = "The layers, from the import contracts"
        node["align"] = "center"
        figure = nodes.figure("", node)
        figure += nodes.caption(
            "",
            "Each row imports only from the rows below it. Packages side by side in one row may "
            "not import each other; packages sharing one box may.",
        )
        items = nodes.bullet_list()
        for contract in contracts:
            item = nodes.list_item()
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(text=contract["name"])
            paragraph += nodes.Text(f" ({contract['type']})")
            item += paragraph
            ignored = contract.get("ignore_imports", [])
            if ignored:
                exceptions = nodes.bullet_list()
                for line in ignored:
                    entry = nodes.list_item()
                    entry += nodes.paragraph("", "", nodes.literal(text=line))
                    exceptions += entry
                item += nodes.paragraph(text="Documented exceptions (explained in pyproject.toml):")
                item += exceptions
            items += item
        return [figure, nodes.paragraph(text="The contracts `make lint` checks:"), items]


class LayersDirective(SphinxDirective):
    """Draw the import graph between the apps of cms/ and site_apps/."""

    def run(self) -> list[nodes.Node]:
        node = graphviz()
        node["code"] = layers_dot(import_graph())
        node["options"] = {"docname": self.env.docname}
        node["alt"] = "Which app imports which, drawn from the code"
        node["align"] = "center"
        figure = nodes.figure("", node)
        figure += nodes.caption("", "Arrows point from an app to the apps it imports.")
        edges = import_graph()
        pairs = sorted(
            {tuple(sorted((a, b))) for a in edges for b in edges[a] if a in edges.get(b, ())}
        )
        if not pairs:
            return [figure, nodes.paragraph(text="No two apps import each other.")]
        items = nodes.bullet_list()
        for first, second in pairs:
            item = nodes.list_item()
            paragraph = nodes.paragraph()
            paragraph += nodes.literal(text=first)
            paragraph += nodes.Text(" and ")
            paragraph += nodes.literal(text=second)
            item += paragraph
            items += item
        intro = nodes.paragraph(text=f"Apps that import each other today ({len(pairs)} pairs):")
        return [figure, intro, items]


class AppShapesDirective(SphinxDirective):
    """A table: one row per site_apps app, a tick for each standard file it has."""

    def run(self) -> list[nodes.Node]:
        apps = sorted(p for p in (ROOT / "site_apps").iterdir() if (p / "apps.py").exists())
        table = nodes.table()
        group = nodes.tgroup(cols=len(SHAPE_FILES) + 1)
        table += group
        for _ in range(len(SHAPE_FILES) + 1):
            group += nodes.colspec(colwidth=1)

        def row(cells: list[str]) -> nodes.row:
            result = nodes.row()
            for cell in cells:
                entry = nodes.entry()
                entry += nodes.paragraph(text=cell)
                result += entry
            return result

        head = nodes.thead()
        head += row(["app", *(f"{name}.py" for name in SHAPE_FILES)])
        body = nodes.tbody()
        for app in apps:
            body += row(
                [app.name, *("✓" if (app / f"{n}.py").exists() else "" for n in SHAPE_FILES)]
            )
        group += head
        group += body
        return [table]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("lumen-contracts", ContractsDirective)
    app.add_directive("lumen-layers", LayersDirective)
    app.add_directive("lumen-app-shapes", AppShapesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
