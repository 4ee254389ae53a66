"""Word count and reading time of a post, read from its StreamField's raw JSON (no queries)."""

from __future__ import annotations

import math
import re
from typing import Any

WORDS_PER_MINUTE = 230
_TEXT_KEYS = {"text", "quote", "heading", "caption", "code", "title", "question", "answer"}
_TAG = re.compile(r"<[^>]+>")


def count_words(raw: Any) -> int:
    """Words in the readable parts of a stream (or a plain string), HTML tags removed."""
    if isinstance(raw, str):
        return len(_TAG.sub(" ", raw).split())
    if isinstance(raw, dict):
        total = 0
        for key, value in raw.items():
            if (key in _TEXT_KEYS and isinstance(value, str)) or isinstance(value, (dict, list)):
                total += count_words(value)
        return total
    if isinstance(raw, (list, tuple)):
        return sum(count_words(item) for item in raw if isinstance(item, (dict, list)))
    return 0


def reading_minutes(words: int) -> int:
    """At least one minute, rounded up."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
