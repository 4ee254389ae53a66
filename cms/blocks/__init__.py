"""The StreamField design system. Pages declare `body = StreamField(BODY_BLOCKS)` in one line.

Blocks are grouped by purpose, one module per family: `layout`, `content`, `marketing` and
`media`; `base` holds the settings every block shares, `lists` the ready-made lists re-exported
here. (Loaded on first use: this package is also an installed app, imported before the app
registry is ready, when blocks cannot be built yet.)
"""

from typing import Any

__all__ = ["ARTICLE_BLOCKS", "BODY_BLOCKS"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        # imported here: lists.py imports every block module; loaded on first use (PEP 562)
        from cms.blocks import lists

        return getattr(lists, name)
    raise AttributeError(f"module 'cms.blocks' has no attribute {name!r}")
