"""Sphinx configuration for the project's documentation (Markdown through MyST)."""

project = "Lumen"
author = "The Lumen developers"
extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "alabaster"
myst_heading_anchors = 3
suppress_warnings = ["myst.xref_missing"]
