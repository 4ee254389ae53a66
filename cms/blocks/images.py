"""Load every image a page's StreamFields use, with their renditions, in two queries.

Wagtail resolves image choosers one block type at a time and then fetches each image's
renditions one image at a time; a landing page would cost dozens of queries. Pages call
`preload_stream_images(page.body, ...)` once: it reads the image ids from the raw JSON, loads
those images with `prefetch_renditions()`, and converts the streams while that pool is active,
so the template then renders without touching the database for images.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock as WagtailImageChooserBlock

_pool: ContextVar[dict[int, Any] | None] = ContextVar("image_pool", default=None)


class ImageChooserBlock(WagtailImageChooserBlock):
    """Wagtail's image chooser, reading from the preloaded pool when there is one."""

    def bulk_to_python(self, values: Iterable[Any]) -> list[Any]:
        values = list(values)
        pool = _pool.get() or {}
        missing = [v for v in values if v is not None and v not in pool]
        found = get_image_model().objects.prefetch_renditions().in_bulk(missing) if missing else {}
        return [pool.get(v) or found.get(v) for v in values]

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        # Migrations see Wagtail's own block: this subclass changes no stored data.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.images.blocks.ImageChooserBlock", args, kwargs


def _image_ids(block: blocks.Block, raw: Any, found: set[int]) -> None:
    if raw is None:
        return
    if isinstance(block, WagtailImageChooserBlock):
        if isinstance(raw, int):
            found.add(raw)
    elif isinstance(block, blocks.StreamBlock) and isinstance(raw, Sequence):
        # Items not yet serialised (a preview built from the editor's form) are None here;
        # their images simply load the usual way.
        for item in raw:
            if not isinstance(item, dict):
                continue
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                _image_ids(child, item.get("value"), found)
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, Sequence):
        for item in raw:
            is_wrapped = isinstance(item, dict) and "type" in item and "value" in item
            _image_ids(block.child_block, item["value"] if is_wrapped else item, found)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            _image_ids(child, raw.get(name), found)


def _force(value: Any) -> None:
    """Convert lazily-loaded nested streams now, while the pool is active."""
    if isinstance(value, StreamValue):
        for child in value:
            _force(child.value)
    elif isinstance(value, ListValue):
        for item in value:
            _force(item)
    elif isinstance(value, blocks.StructValue):
        for item in value.values():
            _force(item)


def load_images(ids: Iterable[int | None]) -> dict[int, Any]:
    """Images by id, each with all its renditions prefetched (two queries, none for no ids)."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return get_image_model().objects.prefetch_renditions().in_bulk(wanted)


@contextmanager
def image_pool(images: dict[int, Any]) -> Iterator[None]:
    token = _pool.set(images)
    try:
        yield
    finally:
        _pool.reset(token)


def preload_stream_images(
    *streams: StreamValue, extra_ids: Iterable[int | None] = ()
) -> dict[int, Any]:
    """Resolve every image in `streams` (and `extra_ids`) at once; returns the images by id."""
    ids: set[int] = {i for i in extra_ids if i}
    for stream in streams:
        _image_ids(stream.stream_block, stream.raw_data, ids)
    images = load_images(ids)
    with image_pool(images):
        for stream in streams:
            _force(stream)
    return images


def attach_renditions(images: Iterable[Any]) -> None:
    """Fetch the renditions of many images (from any relations) in one query.

    Wagtail reads `prefetched_renditions` before looking in its cache or the database, so the
    images then render without further queries; renditions it must create are added to it.
    """
    images = [image for image in images if image is not None]
    if not images:
        return
    rendition_model = get_image_model().get_rendition_model()
    by_image: dict[int, list[Any]] = {image.pk: [] for image in images}
    for rendition in rendition_model.objects.filter(image_id__in=by_image.keys()):
        by_image[rendition.image_id].append(rendition)
    for image in images:
        renditions = []
        for rendition in by_image[image.pk]:
            rendition.image = image  # the picture tag reads the image back (alt text)
            renditions.append(rendition)
        image.prefetched_renditions = renditions
