"""Sample images for block previews: whatever the image library holds, so previews look real.

Blocks ask for a shape (people want square photos, the logo cloud wide wordmarks, everything
else landscape pictures); when the library has too few of that shape, any image fills in.
"""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import F
from wagtail.images import get_image_model

Shape = Literal["landscape", "square", "logo"]


def sample_images(count: int, shape: Shape = "landscape") -> list[Any]:
    """Up to `count` images of the given shape, oldest first (none on an empty site)."""
    images = get_image_model().objects.order_by("pk")
    if shape == "square":
        shaped = images.filter(width__lte=F("height") * 1.1, height__lte=F("width") * 1.1)
    elif shape == "logo":
        shaped = images.filter(width__gte=F("height") * 2.5)
    else:
        shaped = images.filter(width__gt=F("height") * 1.2, width__lt=F("height") * 2.5)
    found = list(shaped[:count])
    if len(found) < count:
        found += list(images.exclude(pk__in=[i.pk for i in found])[: count - len(found)])
    return found


def sample_image(shape: Shape = "landscape") -> Any | None:
    images = sample_images(1, shape)
    return images[0] if images else None
