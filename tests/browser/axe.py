"""axe-core through Playwright, once the page's colours have settled."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

SERIOUS = frozenset({"serious", "critical"})

# Every CSS transition running now, finished (or cancelled): daisyUI's buttons ease their
# colours, so for a moment after the theme toggle a button is neither light nor dark.
TRANSITIONS_DONE = """() => Promise.all(
  document.getAnimations()
    .filter((animation) => animation instanceof CSSTransition)
    .map((animation) => animation.finished.catch(() => null))
)"""


def serious_violations(tab) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line each. Waits for
    running transitions first: axe reads computed colours, and once read a button mid-way
    between the two themes (contrast too low) right after the theme was switched."""
    tab.evaluate(TRANSITIONS_DONE)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in Axe().run(tab).response["violations"]
        if v["impact"] in SERIOUS
    ]
