"""Sphinx configuration: Markdown guides (MyST), a reference generated from the code, furo.

`make docs` builds this with warnings as errors plus an offline link check; `make docs-versions`
builds every release tag and main with the version switcher (docs/build_versions.py).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import django

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT), str(DOCS / "_ext")]

# The reference imports every module, so Django must be set up first. Development settings on
# the embedded defaults: nothing is connected to, nothing has to be configured.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django.setup()

project = "Lumen"
author = "The Lumen developers"
copyright = "The Lumen developers"
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_autodoc_typehints",
    "sphinx.ext.graphviz",
    "sphinxcontrib.openapi",
    "lumen_markdown_docstrings",
    "lumen_reference",
    "lumen_architecture",
    "lumen_linkcheck",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated"]
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

# The reference: members in source order, the signature's hints moved into the description.
autodoc_member_order = "bysource"
# No sidebar entry per class and function: with ~230 module pages, furo would draw a tree of
# thousands of entries on every page, which took most of the build's time.
toc_object_entries = False
autodoc_typehints = "description"
autodoc_default_options = {"show-inheritance": True}
# Only what this project documents: a Wagtail or Django method's own docstring is theirs.
autodoc_inherit_docstrings = False
typehints_use_signature = False
typehints_document_rtype = True
always_document_param_types = False
napoleon_google_docstring = True
napoleon_numpy_docstring = False
graphviz_output_format = "svg"

# Theme: furo in the site's own colours (daisyUI's light and dark primaries, the logo mark).
html_theme = "furo"
html_title = "Lumen documentation"
html_static_path = ["_static"]
html_css_files = ["lumen.css"]
html_logo = "../static/img/favicon.svg"
html_favicon = "../static/img/favicon.svg"
# The OpenAPI schema (written by lumen_reference at build time) is published beside the pages.
html_extra_path = ["_generated"]
(DOCS / "_generated").mkdir(exist_ok=True)
html_theme_options = {
    "light_css_variables": {
        "color-brand-primary": "#4a00ff",
        "color-brand-content": "#4a00ff",
        "color-brand-visited": "#4a00ff",
    },
    "dark_css_variables": {
        "color-brand-primary": "#7582ff",
        "color-brand-content": "#7582ff",
        "color-brand-visited": "#7582ff",
        "color-background-primary": "#1d232a",
        "color-background-secondary": "#191e24",
    },
    "sidebar_hide_name": False,
    "navigation_with_keys": True,
}
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "versions.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
templates_path = ["_templates"]

# Versions: make docs-versions (docs/build_versions.py) builds main and every v* tag and passes
# the list here; a plain make docs has none, and the sidebar shows no switcher.
html_context = {
    "versions": json.loads(os.environ.get("LUMEN_DOCS_VERSIONS", "[]")),
    "current_version": os.environ.get("LUMEN_DOCS_VERSION", ""),
}

# Links: every build checks its internal links and anchors offline (lumen_linkcheck, an error
# under -W). Sphinx's linkcheck builder (make docs-linkcheck) checks outside addresses, which
# CI cannot reach: it skips them unless LINKCHECK_EXTERNAL=1 is set on a machine that can.
linkcheck_ignore = [] if os.environ.get("LINKCHECK_EXTERNAL") == "1" else [r"https?://", r"mailto:"]
linkcheck_anchors = True
linkcheck_timeout = 10
