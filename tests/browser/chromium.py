"""How we start Debian's Chromium: shared by the Playwright tests and `make lighthouse`.

Kept free of Django imports so scripts outside pytest can use it.
"""

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
