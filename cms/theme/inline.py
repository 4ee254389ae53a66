"""Static files written into the page itself, and their Content-Security-Policy hashes.

The head of every public page carries the site's stylesheet and the theme-flash script inline,
so the first paint waits for no other request (Lighthouse's render-blocking and critical-chain
insights; docs/performance.md). The policy allows exactly these texts by their SHA-256 hashes,
not by a nonce: a nonce changes per response, and pages come from the full-page cache.

Both the text and its hash are read from the committed file under static/ (BASE_DIR/static,
part of every image), once per process; settings import this module, so it imports no Django.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
# What base.html writes inline: the stylesheet and the script that sets the theme before paint.
INLINE_CSS = "css/site.css"
INLINE_SCRIPT = "js/theme-init.js"


@cache
def inline_text(path: str) -> str:
    """The file's text, as written between the <style> or <script> tags."""
    text = (STATIC_DIR / path).read_text(encoding="utf-8")
    if "</" in text:  # it would end the element early
        raise ValueError(f"{path} cannot be written inline: it contains '</'")
    return text


def csp_hash(path: str) -> str:
    """The CSP source expression ('sha256-...') that allows the file's text inline."""
    digest = hashlib.sha256(inline_text(path).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
