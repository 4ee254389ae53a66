"""The site's own name and address: base.py's core settings, and what the email integration
puts in the sender's name. Read before anything that needs them, so they are read once."""

from __future__ import annotations

from cms.settings.env import env

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Lumen")
