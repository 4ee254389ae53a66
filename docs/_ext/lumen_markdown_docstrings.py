"""Docstrings are written in Markdown here (backticks for code, pipe tables, dash lists), so the
reference parses them with MyST rather than as reStructuredText.

An early ``autodoc-process-docstring`` listener wraps the docstring as written in a
``lumen-markdown`` directive; napoleon and sphinx-autodoc-typehints run after it and add their
reStructuredText fields (parameters, return type) below it as usual.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.utils import new_document
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class MarkdownDirective(SphinxDirective):
    """Parse the directive's content as MyST Markdown, in place."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        source, line = self.get_source_info()
        document = new_document(f"{source}:{line}", self.state.document.settings)
        document.reporter = self.state.document.reporter
        MystParser().parse("\n".join(self.content), document)
        return list(document.children)


def wrap_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    if not any(line.strip() for line in lines):
        return
    lines[:] = [".. lumen-markdown::", "", *(f"   {line}" if line else "" for line in lines), ""]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("lumen-markdown", MarkdownDirective)
    # Before napoleon's and sphinx-autodoc-typehints' listeners (priority 500).
    app.connect("autodoc-process-docstring", wrap_docstring, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
