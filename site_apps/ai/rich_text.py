"""The rich-text editor with wagtail-ai's AI menu in every field, while AI is on.

wagtail-ai adds its `ai` feature to Wagtail's default features only, but the design-system
blocks name their own (`cms/blocks/content.py`), so their editors would have no AI menu. This
widget adds `ai` to any feature list when the editor is built. The blocks themselves stay as
they are, so their migrations do not change with AI_PROVIDER; with AI off this widget is not
configured (cms/settings/base.py) and no editor shows the menu.
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.rich_text import DraftailRichTextArea

AI_FEATURE = "ai"


class DraftailWithAi(DraftailRichTextArea):
    def __init__(self, *args: Any, features: list[str] | None = None, **kwargs: Any) -> None:
        if features is not None and AI_FEATURE not in features:
            features = [*features, AI_FEATURE]
        super().__init__(*args, features=features, **kwargs)
