"""Real images for tests, drawn with Pillow (no fixtures to ship)."""

from __future__ import annotations

import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model


def make_image(
    title: str = "Test image", size: tuple[int, int] = (800, 500), colour: str = "#4f46e5"
):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title,
        description=f"{title} (alt text)",
        file=ImageFile(
            io.BytesIO(buffer.getvalue()), name=f"{title.lower().replace(' ', '-')}.jpg"
        ),
    )
