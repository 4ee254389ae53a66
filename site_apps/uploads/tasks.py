"""Background work for uploads (django.tasks): generated images and the stray sweep."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from PIL import Image, ImageOps, features

from site_apps.uploads import gateway
from site_apps.uploads.models import Upload
from site_apps.uploads.services import KEY_PREFIX, remove_objects

logger = logging.getLogger("uploads")

# Longest side in pixels of each generated image.
VARIANTS = {"thumbnail": 320, "web": 1600}
# An object younger than this may belong to an upload still being saved: not a stray yet.
STRAY_GRACE = timedelta(hours=1)


def variant_formats() -> list[tuple[str, str]]:
    """(Pillow format, extension) to generate: WebP always, AVIF where Pillow has it."""
    formats = [("WEBP", "webp")]
    if features.check("avif"):
        formats.append(("AVIF", "avif"))
    return formats


def render_variant(image: Image.Image, longest: int, fmt: str) -> bytes:
    """A copy at most `longest` pixels on its longest side, encoded without any metadata
    (no EXIF, so no location leaks)."""
    copy = image.copy()
    copy.thumbnail((longest, longest))
    out = io.BytesIO()
    copy.save(out, fmt, quality=80)
    return out.getvalue()


@task()
def make_variants(upload_id: int) -> dict[str, str]:
    """Thumbnail and web-size copies of an uploaded image, orientation applied."""
    upload = Upload.objects.filter(pk=upload_id).first()
    if upload is None or not upload.is_image:
        return {}
    data = gateway.read(upload.key)
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    written: dict[str, str] = {}
    try:
        for name, longest in VARIANTS.items():
            for fmt, extension in variant_formats():
                label = name if fmt == "WEBP" else f"{name}_{extension}"
                key = f"{upload.key.rsplit('.', 1)[0]}-{name}.{extension}"
                gateway.put(
                    key, render_variant(image, longest, fmt), content_type=f"image/{extension}"
                )
                written[label] = key
        with transaction.atomic():
            updated = Upload.objects.filter(pk=upload_id).update(variants=written)
    except BaseException:
        remove_objects(list(written.values()))
        raise
    if not updated:  # deleted meanwhile: its row's objects went with it, these go too
        remove_objects(list(written.values()))
        return {}
    return written


@dataclass
class StrayReport:
    """What the sweep found: objects it deleted, rows whose original is missing."""

    deleted_objects: list[str] = field(default_factory=list)
    rows_without_objects: list[int] = field(default_factory=list)


def find_and_remove_strays(*, now: datetime | None = None) -> StrayReport:
    report = StrayReport()
    cutoff = (now or timezone.now()) - STRAY_GRACE
    known: set[str] = set()
    for keys in Upload.objects.values_list("key", "variants").iterator():
        known.add(keys[0])
        known.update(k for k in (keys[1] or {}).values() if isinstance(k, str))
    listed: set[str] = set()
    for obj in gateway.list_objects(KEY_PREFIX):
        listed.add(obj.key)
        if obj.key in known:
            continue
        if obj.modified_at is not None and obj.modified_at > cutoff:
            continue
        gateway.delete(obj.key)
        report.deleted_objects.append(obj.key)
    for pk, key in Upload.objects.values_list("pk", "key").iterator():
        if key not in listed:
            report.rows_without_objects.append(pk)
    if report.rows_without_objects:
        logger.warning("uploads without their object: %s", report.rows_without_objects)
    return report


@task()
def clean_up_strays() -> dict[str, list[Any]]:
    """Delete objects no row owns (older than STRAY_GRACE) and report rows whose object is
    gone. Run it daily (`manage.py` shell, a cron job queuing it, or the db_worker)."""
    report = find_and_remove_strays()
    return {"deleted_objects": report.deleted_objects, "rows": report.rows_without_objects}
