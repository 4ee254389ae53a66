"""The docs' generated reference covers the code, and the offline link check finds broken links.

`make docs` itself fails when a module is missing from the built reference (lumen_reference's
consistency check); these are the cheap halves that run with the suite.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from lumen_linkcheck import broken_links  # noqa: E402
from lumen_reference import NOT_IMPORTED, discover_modules, page_of  # noqa: E402


def test_every_module_of_cms_and_site_apps_gets_a_reference_page() -> None:
    on_disk = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in ("cms", "site_apps")
        for path in (ROOT / package).rglob("*.py")
        if not {"migrations", "node_modules"} & set(path.parts)
    }
    modules = discover_modules()
    assert set(modules) == on_disk
    assert {page_of(m) for m in modules} >= {"cms", "site_apps", "cms.blocks", "site_apps.billing"}


def test_every_module_the_reference_imports_imports() -> None:
    """autodoc imports each module; one that fails to import would vanish from the reference."""
    for name in discover_modules():
        if name not in NOT_IMPORTED:
            importlib.import_module(name)


def test_the_link_check_finds_missing_pages_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<a href="b.html#x">ok</a><a href="b.html#y">no anchor</a><a href="c.html">no page</a>'
        '<a href="https://example.com/">outside</a><a id="t" href="#t">ok</a><a href="#n">no</a>'
        '<a href="str:slug">autolink</a>'
    )
    (tmp_path / "b.html").write_text('<h1 id="x">B</h1>')
    assert broken_links(tmp_path) == [
        "a.html: b.html#y (no such anchor)",
        "a.html: c.html (no such file)",
        "a.html: #n (no such anchor)",
        "a.html: str:slug (not an address)",
    ]
