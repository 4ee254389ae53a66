"""The theme script, written into the page itself, and its Content-Security-Policy hash.

`theme-init.js` must run before the first paint (no theme flash); as a file it was a
render-blocking request (Lighthouse's render-blocking insight). It is written into <head>, and
the policy allows exactly its text by its SHA-256 hash, not by a nonce: a nonce changes per
response, and pages come from the full-page cache.

The stylesheet stays a file: written inline, its modern CSS (Tailwind 4, daisyUI 5) gives about
a hundred errors per page in the Nu HTML Checker, which must find none (docs/performance.md).

The text and its hash are read from the committed file under static/ (BASE_DIR/static, part of
every image), once per process; settings import this module, so it imports no Django.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
# What base.html writes inline: the script that sets the theme before the first paint.
INLINE_SCRIPT = "js/theme-init.js"


@cache
def inline_text(path: str) -> str:
    """The file's text, as written between the <script> tags."""
    text = (STATIC_DIR / path).read_text(encoding="utf-8")
    if "</" in text:  # it would end the element early
        raise ValueError(f"{path} cannot be written inline: it contains '</'")
    return text


def csp_hash(path: str) -> str:
    """The CSP source expression ('sha256-...') that allows the file's text inline."""
    digest = hashlib.sha256(inline_text(path).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
