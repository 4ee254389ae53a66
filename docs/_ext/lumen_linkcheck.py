"""An offline link check of the built site: every internal link, image and anchor must resolve.

Runs at the end of every HTML build (so ``make docs -W`` fails on a broken one) and needs no
network: outside addresses (``http(s)://``, ``mailto:``) are skipped here. Sphinx's own
``linkcheck`` builder (``make docs-linkcheck``) is the place for them, from a machine that can
reach them.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

KNOWN_SCHEMES = {"http", "https", "mailto", "ftp", "data", "javascript", "tel"}
LINK_ATTRIBUTES = {("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES:
                self.links.append(value)


def broken_links(site: Path, sources: list[Path] | None = None) -> list[str]:
    """Each internal link of the built site that points at no file, or at no id in its file.

    `sources` are the pages whose links are checked (all of the site's HTML when not given).
    """
    pages: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in pages:
            parsed = _Page()
            parsed.feed(path.read_text(encoding="utf-8"))
            pages[path] = parsed
        return pages[path]

    problems = []
    for source in sorted(site.rglob("*.html")) if sources is None else sources:
        for link in page(source).links:
            parts = urlsplit(link)
            if parts.scheme and parts.scheme not in KNOWN_SCHEMES:
                # e.g. a docstring's `<str:slug>` read as a Markdown autolink
                problems.append(f"{source.relative_to(site)}: {link} (not an address)")
                continue
            # Outside addresses (http:, mailto:, data:, javascript:) and the bare "#" are skipped.
            if parts.scheme or parts.netloc or link in ("", "#"):
                continue
            target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
            if not target.is_relative_to(site.resolve()):
                continue  # outside this build (another version's folder, built on its own)
            if target.is_dir():
                target = target / "index.html"
            where = f"{source.relative_to(site)}: {link}"
            if not target.exists():
                problems.append(f"{where} (no such file)")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in page(target).ids
            ):
                problems.append(f"{where} (no such anchor)")
    return problems


def check_links(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    # Only this build's pages: an output folder may still hold pages of removed documents.
    sources = sorted(Path(app.builder.get_outfilename(doc)) for doc in app.env.found_docs)
    for problem in broken_links(Path(app.outdir), sources):
        logger.warning("broken link: %s", problem)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", check_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
