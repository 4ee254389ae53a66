"""Addresses the site's own views send people to."""

from __future__ import annotations

from django.urls import reverse


def home_url() -> str:
    """The site's home page in the active language: `/` in English, `/es/` in Spanish."""
    return reverse("wagtail_serve", args=[""])
