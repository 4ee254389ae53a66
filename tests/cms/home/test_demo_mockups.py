"""The demo's product mockups are neutral artwork (issue 12): they stayed purple under every theme,
English in every language and bright white in dark mode. Now they carry no brand colour, no
words and no light backdrop, so they sit on any theme, language and direction."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from cms.home.demo.images import dashboard, editor


@pytest.mark.parametrize("draw", [dashboard, editor])
@pytest.mark.parametrize("palette", ["indigo", "teal", "ocean", "rose"])
def test_mockups_are_grey_and_dark_whatever_the_palette(draw, palette):
    image = Image.open(io.BytesIO(draw("mockup", palette))).convert("RGB")
    red, green, blue = image.split()
    chroma = ImageChops.subtract(
        ImageChops.lighter(ImageChops.lighter(red, green), blue),
        ImageChops.darker(ImageChops.darker(red, green), blue),
    )
    # Slate greys have a chroma of about 35; the indigo accent they replace had 159.
    assert ImageStat.Stat(chroma).extrema[0][1] < 70, "no brand colour in the artwork"
    assert ImageStat.Stat(image.convert("L")).mean[0] < 110, "no bright backdrop in dark mode"
