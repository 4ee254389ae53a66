"""The visitor's light or dark choice: a cookie the toggle writes and the server reads.

`static/js/site.js` writes `theme_mode=light` or `theme_mode=dark` when the visitor presses the
toggle; base.html then names the matching theme in `data-theme`, so the first paint is already
right with no script in `<head>`. Without the cookie a page is marked `data-theme-auto` and
follows the system's preference in CSS (`cms/theme/stylesheet.py`). The page cache keeps one
copy per mode (`cms/page_cache.py`); pages already answer `Vary: Cookie`.
"""

from __future__ import annotations

from django.http import HttpRequest

COOKIE = "theme_mode"  # site.js writes the same name
MODES = ("light", "dark")


def chosen_mode(request: HttpRequest) -> str:
    """ "light", "dark", or "" when the visitor has not chosen (or the cookie is not ours)."""
    mode = request.COOKIES.get(COOKIE, "")
    return mode if mode in MODES else ""
