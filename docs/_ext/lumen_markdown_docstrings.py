"""Docstrings are written in Markdown here (backticks for code, pipe tables, dash lists), so the
reference parses them with MyST rather than as reStructuredText.

A late ``autodoc-process-docstring`` listener wraps the prose of each docstring in a
``lumen-markdown`` directive, after napoleon and sphinx-autodoc-typehints have added their
reStructuredText fields (parameters, return type), which stay reStructuredText.
"""

from __future__ import annotations

import re
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


FIELD = re.compile(r"^:[\w ]+:|^\.\. ")


def wrap_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Wrap the prose in a `lumen-markdown` directive; leave reStructuredText fields as they are.

    Runs after napoleon (which turns Google-style sections into `:param x:` fields) and after
    sphinx-autodoc-typehints (which adds the types as fields), so the prose is everything
    before the first field or directive.
    """
    end = next((i for i, line in enumerate(lines) if FIELD.match(line)), len(lines))
    prose, rest = lines[:end], lines[end:]
    if not any(line.strip() for line in prose):
        return
    wrapped = [".. lumen-markdown::", "", *(f"   {line}" if line else "" for line in prose), ""]
    lines[:] = wrapped + rest


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("lumen-markdown", MarkdownDirective)
    # After napoleon's and sphinx-autodoc-typehints' listeners (priority 500).
    app.connect("autodoc-process-docstring", wrap_docstring, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
