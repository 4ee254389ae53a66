"""Sample images for block previews: whatever the image library holds, so previews look real."""

from __future__ import annotations

from typing import Any

from wagtail.images import get_image_model


def sample_images(count: int) -> list[Any]:
    """Up to `count` images from the library (newest first), or none on an empty site."""
    return list(get_image_model().objects.order_by("-pk")[:count])


def sample_image() -> Any | None:
    images = sample_images(1)
    return images[0] if images else None
