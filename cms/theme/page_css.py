"""Each public page links the rules it can use, not the whole stylesheet.

`make css` builds one file, `static/css/site.css`: 18 KB with Brotli, for every page and every
screen of the signed-in app. A new connection carries about 14 KB (ten TCP segments) in its
first round trip, so a phone on a slow network waited one round trip more for the file before
it could paint anything; a demo page uses 8-12 KB of it (docs/performance.md, measured).

So for an anonymous visitor `PageStylesheetMiddleware` swaps the page's link to the whole file
for a link to the page's own rules: `/theme/css/<build>.<classes>.<signature>.css`, where
`<build>` names the built file and `<classes>` says which of the class names its selectors use
appear in the page (a bit each). The address is all the view needs to make the CSS again, in
any process, with no storage; it is kept for a year. The signature (an HMAC with the secret
key) means only addresses this site wrote are made: each costs tens of milliseconds the first
time, and anyone could otherwise ask for endless new ones.

A rule is left out only when it cannot match the page: one of its selector's required classes
is missing (a class inside `:not()` is not required; of `:is()`, `:where()` and `:has()`'s
arguments, one must be possible). Rules without classes (elements, themes, `@property`) are
always in. What a page shows later can carry classes it did not have (an htmx answer, a class
a script adds): so at the visitor's first touch `site.js` adds the whole file after the page's
rules (`data-whole-css`). Every rule of the page's CSS is in the whole file, in the same order
and layers, so from then on the page is styled exactly as with the whole file alone.

A visitor who arrives from another of the site's pages (a same-origin navigation, as the
browser's `Sec-Fetch-Site` header says) touched that page to follow its link, so the whole
file is in their browser's cache or on its way: their pages link it, instead of making them
wait for each page's rules in turn (the page cache keeps one copy of each kind, as it does per
light or dark choice). Nothing is stored on the visitor's device for this. Signed-in visitors
(the app swaps fragments in without a touch) always get the whole file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import brotli
import tinycss2
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.safestring import SafeString
from tinycss2 import ast

from cms.theme.stylesheet import stylesheet_path

_BLOCK_AT_RULES = frozenset({"media", "supports", "layer", "container", "scope"})
# Of these pseudo-classes, one argument must be possible for the selector to match.
_ANY_OF = frozenset({"is", "where", "has", "matches", "-webkit-any", "-moz-any"})


# A selector's requirement: every class of `classes`, and for each group one of its options.
@dataclass(frozen=True)
class Requirement:
    classes: frozenset[str]
    any_of: tuple[tuple[Requirement, ...], ...]

    def possible(self, present: frozenset[str]) -> bool:
        return self.classes <= present and all(
            any(option.possible(present) for option in group) for group in self.any_of
        )


def _alternatives(tokens: list[ast.Node]) -> list[list[ast.Node]]:
    selectors: list[list[ast.Node]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _requirement(tokens: list[ast.Node]) -> Requirement:
    classes: set[str] = set()
    any_of: list[tuple[Requirement, ...]] = []
    previous: ast.Node | None = None
    for token in tokens:
        if token.type == "ident" and previous is not None and previous.type == "literal":
            if previous.value == ".":
                classes.add(token.value)
        elif token.type == "function" and token.lower_name in _ANY_OF:
            any_of.append(tuple(_requirement(a) for a in _alternatives(token.arguments)))
        previous = token
    return Requirement(frozenset(classes), tuple(any_of))


@dataclass(frozen=True)
class _Rule:
    """A style rule: its selectors (each with its requirement), and its declarations."""

    selectors: tuple[tuple[str, Requirement], ...]
    body: str


@dataclass(frozen=True)
class _Block:
    """An at-rule holding rules (`@layer`, `@media`...); `scope` is `@scope`'s requirement."""

    opening: str
    children: tuple[_Rule | _Block | str, ...]
    scope: Requirement | None = None
    layer: bool = False


def _tree(nodes: list[ast.Node]) -> tuple[_Rule | _Block | str, ...]:
    out: list[_Rule | _Block | str] = []
    for node in nodes:
        if node.type == "qualified-rule":
            selectors = tuple(
                (tinycss2.serialize(s).strip(), _requirement(s))
                for s in _alternatives(node.prelude)
            )
            out.append(_Rule(selectors, "{" + tinycss2.serialize(node.content) + "}"))
        elif (
            node.type == "at-rule"
            and node.lower_at_keyword in _BLOCK_AT_RULES
            and node.content is not None
        ):
            inner = tinycss2.parse_blocks_contents(
                node.content, skip_whitespace=True, skip_comments=True
            )
            scope = _requirement(node.prelude) if node.lower_at_keyword == "scope" else None
            out.append(
                _Block(
                    f"@{node.at_keyword}{tinycss2.serialize(node.prelude)}{{",
                    _tree(inner),
                    scope,
                    node.lower_at_keyword == "layer",
                )
            )
        else:  # @property, @keyframes, layer order statements: always in
            out.append(node.serialize())
    return tuple(out)


def _write(children: tuple[_Rule | _Block | str, ...], present: frozenset[str]) -> str:
    out: list[str] = []
    for child in children:
        if isinstance(child, str):
            out.append(child)
        elif isinstance(child, _Rule):
            kept = [text for text, need in child.selectors if need.possible(present)]
            if kept:
                out.append(",".join(kept) + child.body)
        elif child.scope is None or child.scope.possible(present):
            inner = _write(child.children, present)
            # An empty layer stays: where it first appears sets the layers' order.
            if inner or child.layer:
                out.append(child.opening + inner + "}")
    return "".join(out)


def _classes(children: tuple[_Rule | _Block | str, ...]) -> set[str]:
    def of(need: Requirement) -> set[str]:
        found = set(need.classes)
        for group in need.any_of:
            for option in group:
                found |= of(option)
        return found

    found: set[str] = set()
    for child in children:
        if isinstance(child, _Rule):
            for _, need in child.selectors:
                found |= of(need)
        elif isinstance(child, _Block):
            found |= _classes(child.children) | (of(child.scope) if child.scope else set())
    return found


@dataclass(frozen=True)
class Stylesheet:
    """The built file, read once per build: its rules, and the class names its selectors use,
    in a fixed order (a page's address names them by position)."""

    build: str
    whole: str
    tree: tuple[_Rule | _Block | str, ...]
    class_names: tuple[str, ...]

    def key(self, page_classes: set[str]) -> str:
        """The page's classes that matter here, as a bitset in base64 (URL-safe)."""
        bits = bytearray((len(self.class_names) + 7) // 8)
        for index, name in enumerate(self.class_names):
            if name in page_classes:
                bits[index // 8] |= 1 << (index % 8)
        return base64.urlsafe_b64encode(bytes(bits)).decode().rstrip("=")

    def classes_of(self, key: str) -> frozenset[str] | None:
        try:
            bits = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
        except ValueError:
            return None
        if len(bits) != (len(self.class_names) + 7) // 8:
            return None
        return frozenset(
            name
            for index, name in enumerate(self.class_names)
            if bits[index // 8] & (1 << (index % 8))
        )


@lru_cache(maxsize=2)
def _read(path: Path, modified: int) -> Stylesheet:
    whole = path.read_text(encoding="utf-8")
    nodes = tinycss2.parse_stylesheet(whole, skip_whitespace=True, skip_comments=True)
    tree = _tree(nodes)
    return Stylesheet(
        build=hashlib.sha256(whole.encode()).hexdigest()[:12],
        whole=whole,
        tree=tree,
        class_names=tuple(sorted(_classes(tree))),
    )


def stylesheet() -> Stylesheet:
    path = stylesheet_path()
    return _read(path, path.stat().st_mtime_ns)


def _signature(build: str, key: str) -> str:
    digest = salted_hmac("cms.theme.page_css", f"{build}.{key}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:9]).decode()


def address(page_classes: set[str]) -> tuple[str, str, str]:
    """(build, classes, signature): what the page's stylesheet address carries."""
    sheet = stylesheet()
    key = sheet.key(page_classes)
    return sheet.build, key, _signature(sheet.build, key)


def page_css(build: str, key: str, signature: str) -> tuple[str, bytes] | None:
    """The rules a page with these classes can use, and the same with Brotli; None for an
    address this site and build did not write."""
    if not hmac.compare_digest(signature, _signature(build, key)):
        return None
    return _made(build, key)


@lru_cache(maxsize=64)
def _made(build: str, key: str) -> tuple[str, bytes] | None:
    sheet = stylesheet()
    present = sheet.classes_of(key) if build == sheet.build else None
    if present is None:
        return None
    css = _write(sheet.tree, present)
    return css, brotli.compress(css.encode(), quality=11)


def whole_link() -> SafeString:
    """The link to the whole file that `{% site_stylesheet %}` writes."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/site.css"))


def from_our_pages(request: HttpRequest) -> bool:
    """Whether the visitor navigated here from one of the site's own pages (the browser's
    `Sec-Fetch-Site` and `Sec-Fetch-Mode` headers): then they touched that page, and `site.js`
    fetched the whole file there."""
    return (
        request.headers.get("Sec-Fetch-Site") == "same-origin"
        and request.headers.get("Sec-Fetch-Mode") == "navigate"
    )
