"""The site's stylesheet in each page's `<head>` (`{% site_stylesheet %}`): linked, or in the page.

By default pages link `static/css/site.css` (one request before the first paint, then kept
between pages; for an anonymous visitor a middleware swaps it for the rules that page can use,
cms/theme/page_css.py) and carry only the small system-dark rules below in a `<style>` element. With
`INLINE_STYLESHEET=true` every page carries the CSS itself, so the browser paints as soon as
the HTML arrives: no stylesheet request, no theme script. Either way the inline CSS is allowed
by its SHA-256 hash in the Content-Security-Policy. docs/performance.md ("The stylesheet:
linked or in the page") says what each costs, measured.

Three parts are made from the one file `make css` builds, once per process and build:

- **The system-dark rules.** The visitor's light or dark choice is a cookie the server reads
  (`cms/theme/mode.py`). A visitor who has not chosen follows their system's preference in CSS
  alone: for each dark theme an editor may pick, the custom properties daisyUI gives
  `[data-theme=<name>]` are repeated under `@media (prefers-color-scheme: dark)` for a page
  marked `data-theme-auto` whose dark theme is that one. Unlayered, they win over daisyUI's
  themes, which sit in a cascade layer.
- **The page's CSS** (with the CSS in the page): the file, less what the Nu HTML Checker's
  CSS grammar does not know yet (below), plus those rules.
- **The later CSS** (`later_css()`, served by `cms.theme.views.later_stylesheet`): what was
  left out, as rules under the same selectors and at-rules. `site.js` applies it at the
  visitor's first touch, click, key or scroll (or five seconds after the load). It is
  made of newer CSS every supported browser either runs or ignores (`@starting-style`,
  `interpolate-size`, anchor positioning, the customisable `<select>`) and only shapes states
  a visitor reaches later (open menus, transitions). Tailwind's `@property` registrations are
  in neither part: the page's CSS gives every element their initial values instead, as
  Tailwind itself does for browsers without `@property`. The Nu HTML Checker checks a
  `<style>` element's CSS and every page must pass it (`tests/browser/test_mobile_header.py`);
  a linked file it does not check, so this split is what lets the CSS be in the page at all.
  When a Tailwind or daisyUI upgrade brings CSS the checker refuses, that test names it: add
  it to the lists below.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import tinycss2
from django.conf import settings
from django.http import HttpRequest
from tinycss2 import ast

from cms.theme.themes import THEMES

# What the Nu HTML Checker (vnu-jar 26.9) refuses in a <style> element, though browsers
# support it (or, for the misspelt `webkit-user-select` daisyUI writes, ignore it).
LATER_AT_RULES = frozenset({"starting-style"})
# Tailwind's `@property` registrations (and its fallback for browsers without them) are not
# sent at all: the page's CSS gives every element their initial values, as that fallback does.
# (Registering them after the first paint made Chromium restyle the whole page again: 60 to
# 100 ms at a phone's speed.)
REPLACED_AT_RULES = frozenset({"property"})
LATER_PROPERTIES = frozenset(
    {"interpolate-size", "transition-behavior", "position-area", "webkit-user-select"}
)
# Words that send a whole rule or at-rule later wherever they appear in its selector or
# condition, and a declaration later wherever they appear in its value.
LATER_WORDS = frozenset({"base-select", "picker", "picker-icon", "position-area", "margin-trim"})
_BLOCK_AT_RULES = frozenset({"media", "supports", "layer", "container"})


@dataclass(frozen=True)
class InlineStyle:
    """CSS to write into a `<style>` element, and the CSP source that allows exactly it."""

    css: str
    csp_source: str
    whole: bool  # the whole stylesheet, or only the system-dark rules beside a link to it


@dataclass(frozen=True)
class _Built:
    page: InlineStyle
    later: str
    later_digest: str


def stylesheet_path() -> Path:
    return Path(settings.BASE_DIR) / "static" / settings.TAILWIND_CSS_PATH


def _theme_declarations(nodes: list[ast.Node], name: str) -> dict[str, str]:
    """The declarations daisyUI gives `[data-theme=<name>]` in the built CSS, however it is
    written: `make css` merges them into one rule; the watcher under `make run` leaves the
    stock theme and our adjustments (styles.css) as two, the later winning."""
    found: dict[str, str] = {}
    for node in nodes:
        if node.type == "at-rule" and node.lower_at_keyword in _BLOCK_AT_RULES and node.content:
            found |= _theme_declarations(_parse(node.content), name)
        elif node.type == "qualified-rule" and any(
            _names_theme(alternative, name) for alternative in _alternatives(node.prelude)
        ):
            for item in _parse(node.content):
                if item.type == "declaration":
                    found.pop(item.lower_name, None)  # keep the order the winner came in
                    found[item.lower_name] = _declaration(item)
    return found


def _alternatives(prelude: list[ast.Node]) -> list[list[ast.Node]]:
    """A selector list's selectors, each without surrounding whitespace."""
    selectors: list[list[ast.Node]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        elif token.type not in ("whitespace", "comment"):
            selectors[-1].append(token)
    return selectors


def _names_theme(selector: list[ast.Node], name: str) -> bool:
    """Whether a selector is exactly `[data-theme=<name>]` (quoted or not)."""
    if len(selector) != 1 or selector[0].type != "[] block":
        return False
    parts = [t for t in selector[0].content if t.type not in ("whitespace", "comment")]
    return (
        len(parts) == 3
        and parts[0].type == "ident"
        and parts[0].lower_value == "data-theme"
        and parts[1].type == "literal"
        and parts[1].value == "="
        and parts[2].type in ("ident", "string")
        and parts[2].value == name
    )


def system_dark_rules(nodes: list[ast.Node]) -> str:
    """For a visitor who has not chosen: their system's dark preference picks the site's dark
    theme, with no script."""
    rules = []
    for theme in THEMES:
        if not theme.dark:
            continue
        declarations = _theme_declarations(nodes, theme.name)
        if not declarations:
            raise ValueError(
                f"{stylesheet_path()} has no rule for the {theme.name!r} theme: run `make css`"
            )
        rules.append(
            "@media (prefers-color-scheme:dark){:root[data-theme-auto][data-dark-theme="
            f"{theme.name}]{{{';'.join(declarations.values())}}}}}"
        )
    return "".join(rules)


def _words(tokens: list[ast.Node] | None) -> set[str]:
    """Every identifier and function name in these tokens, nested blocks included."""
    found: set[str] = set()
    for token in tokens or ():
        if token.type == "ident":
            found.add(token.lower_value)
        elif token.type == "function":
            found.add(token.lower_name)
            found |= _words(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            found |= _words(token.content)
    return found


def _parse(tokens: list[ast.Node] | None) -> list[ast.Node]:
    return tinycss2.parse_blocks_contents(tokens or [], skip_whitespace=True, skip_comments=True)


def _at_rule(node: ast.AtRule, inner: str) -> str:
    return f"@{node.at_keyword}{tinycss2.serialize(node.prelude)}{{{inner}}}"


def _declaration(node: ast.Declaration) -> str:
    important = "!important" if node.important else ""
    return f"{node.name}:{tinycss2.serialize(node.value).strip()}{important}"


def _at_rules(nodes: list[ast.Node]) -> list[ast.AtRule]:
    """Every at-rule, inside `@layer`, `@media` and `@supports` blocks too."""
    found = []
    for node in nodes:
        if node.type == "at-rule":
            found.append(node)
            if node.lower_at_keyword in _BLOCK_AT_RULES and node.content is not None:
                found += _at_rules(_parse(node.content))
    return found


def _property_defaults(nodes: list[ast.Node]) -> str:
    """`@property` initial values without the registrations, as Tailwind writes them where
    `@property` is missing: on every element for a property that does not inherit, on the
    root for one that does."""
    own: list[str] = []
    inherited: list[str] = []
    for node in _at_rules(nodes):
        if node.lower_at_keyword == "property":
            name = tinycss2.serialize(node.prelude).strip()
            fields = {
                item.lower_name: tinycss2.serialize(item.value).strip()
                for item in _parse(node.content)
                if item.type == "declaration"
            }
            if "initial-value" in fields:
                value = f"{name}:{fields['initial-value']}"
                (inherited if fields.get("inherits") == "true" else own).append(value)
    rules = ""
    if own:
        rules += "*,:before,:after,::backdrop{" + ";".join(own) + "}"
    if inherited:
        rules += ":root{" + ";".join(inherited) + "}"
    return rules


def _split(nodes: list[ast.Node]) -> tuple[str, str]:
    """(CSS for the page, CSS for later), rule by rule and declaration by declaration."""
    now: list[str] = []
    later: list[str] = []
    for node in nodes:
        if node.type == "at-rule":
            keyword = node.lower_at_keyword
            if keyword in REPLACED_AT_RULES or _is_tailwind_fallback(node):
                continue
            if keyword in LATER_AT_RULES or _words(node.prelude) & LATER_WORDS:
                later.append(node.serialize())
            elif keyword in _BLOCK_AT_RULES and node.content is not None:
                inner_now, inner_later = _split(_parse(node.content))
                if inner_now:
                    now.append(_at_rule(node, inner_now))
                if inner_later:
                    later.append(_at_rule(node, inner_later))
            else:
                now.append(node.serialize())
        elif node.type == "qualified-rule":
            selector = tinycss2.serialize(node.prelude).strip()
            if _words(node.prelude) & LATER_WORDS:
                later.append(node.serialize())
                continue
            kept, left = [], []
            for item in _parse(node.content):
                if item.type != "declaration":  # nested rules: not in Tailwind's output
                    kept.append(item.serialize())
                elif (
                    item.lower_name in LATER_PROPERTIES
                    or _words(item.value) & LATER_WORDS
                    or _arithmetic_fallback(item.value)
                ):
                    left.append(_declaration(item))
                else:
                    kept.append(_declaration(item))
            if kept:
                now.append(selector + "{" + ";".join(kept) + "}")
            if left:
                later.append(selector + "{" + ";".join(left) + "}")
    return "".join(now), "".join(later)


def _is_tailwind_fallback(node: ast.AtRule) -> bool:
    """Tailwind's `@layer properties`: the same initial values for browsers without
    `@property`, behind a condition the checker refuses. The page's CSS has them for all."""
    return node.lower_at_keyword == "layer" and tinycss2.serialize(node.prelude).strip() == (
        "properties"
    )


def _arithmetic_fallback(tokens: list[ast.Node] | None) -> bool:
    """A `var()` whose fallback is a sum (`var(--a,var(--b) - 1px)`): valid CSS that the
    checker cannot parse."""
    for token in tokens or ():
        if token.type == "function":
            arguments = token.arguments
            if token.lower_name == "var":
                commas = [i for i, t in enumerate(arguments) if t.type == "literal" and t == ","]
                fallback = arguments[commas[0] + 1 :] if commas else []
                if any(t.type == "literal" and t.value in "+-*/" for t in fallback):
                    return True
            if _arithmetic_fallback(arguments):
                return True
    return False


def _inline(css: str, *, whole: bool) -> InlineStyle:
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return InlineStyle(css=css, csp_source=f"'sha256-{digest}'", whole=whole)


@lru_cache(maxsize=4)
def _built(path: Path, modified: int, whole: bool) -> _Built:
    css = path.read_text(encoding="utf-8")
    if "</" in css:  # would end the <style> element early
        raise ValueError(f"{path} holds '</', which cannot go inside a <style> element")
    nodes = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    dark = system_dark_rules(nodes)
    if not whole:
        return _Built(page=_inline(dark, whole=False), later="", later_digest="")
    now, later = _split(nodes)
    page = "@layer properties{" + _property_defaults(nodes) + "}" + now + dark
    digest = hashlib.sha256(later.encode()).hexdigest()[:12]
    return _Built(page=_inline(page, whole=True), later=later, later_digest=digest)


def _current() -> _Built:
    path = stylesheet_path()
    return _built(path, path.stat().st_mtime_ns, settings.INLINE_STYLESHEET)


def page_style() -> InlineStyle:
    """What each page writes into its `<head>`: the page's CSS and the system-dark rules, or
    (with `INLINE_STYLESHEET=false`) those rules alone. Made again when `make css` (or the
    watcher under `make run`) rebuilds the file."""
    return _current().page


def later_css() -> tuple[str, str]:
    """The CSS `site.js` applies at the visitor's first touch, and a digest of it for its URL
    ("" and "" with `INLINE_STYLESHEET=false`: the linked file has it all)."""
    built = _current()
    return built.later, built.later_digest


def allow_inline_style(request: HttpRequest, style: InlineStyle) -> None:
    """Note that this request's page carries `style`: the CSP middleware
    (`cms.middleware.ContentSecurityPolicyMiddleware`) allows it by hash."""
    sources = getattr(request, "inline_style_sources", None)
    if sources is None:
        sources = request.inline_style_sources = set()  # type: ignore[attr-defined]
    sources.add(style.csp_source)


def inline_style_sources(request: HttpRequest) -> set[str]:
    return getattr(request, "inline_style_sources", set())
