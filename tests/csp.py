"""Content-Security-Policy sources as a browser computes them, for tests."""

import base64
import hashlib


def sha256_source(text: str) -> str:
    """The CSP source that allows exactly this inline text ('sha256-<base64 digest>')."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
