"""`{% cached_picture %}`: AVIF before WebP and a JPEG fallback when IMAGES_AVIF is on (as in
production), WebP and JPEG when it is off (the test settings), markup kept until the image
changes."""

from __future__ import annotations

import re

from django.template import Context, Template
from django.test import RequestFactory

from tests.cms.images import make_image

PICTURE = Template('{% load render_cache_tags %}{% cached_picture image=image spec="square" %}')


def _render(image) -> str:
    return PICTURE.render(Context({"image": image, "request": RequestFactory().get("/")}))


def test_avif_comes_first_then_webp_then_the_jpeg_fallback(home_page, settings):
    settings.IMAGES_AVIF = True
    image = make_image(size=(320, 320))
    html = _render(image)
    assert re.findall(r'type="image/(\w+)"', html) == ["avif", "webp"]
    assert re.search(r'<img [^>]*src="[^"]+\.jpg"', html), html
    avif = image.get_rendition("fill-160x160|format-avif")
    assert avif.file.name.endswith(".avif")
    assert avif.file.read(12)[4:12] == b"ftypavif"  # a real AVIF file

    settings.IMAGES_AVIF = False
    assert re.findall(r'type="image/(\w+)"', _render(image)) == ["webp"]


def test_the_markup_is_kept_until_the_image_changes(home_page, settings):
    image = make_image(size=(320, 320))
    first = _render(image)
    assert _render(image) == first
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width = image.focal_point_height = 20
    image.save()
    image.renditions.all().delete()  # as Wagtail's edit view does for a new focal point
    assert _render(image) != first
