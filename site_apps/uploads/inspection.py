"""What a file really is, from its bytes (never from its name or the browser's claim).

A small allow-list of types; images are opened with Pillow to read their size, and refused
when they claim more pixels than `Image.MAX_IMAGE_PIXELS` (a decompression bomb: a few bytes
that would take gigabytes to decode). SVG and HTML are refused outright: they can carry
scripts, and a file of ours must never run as a page of our site.

Own code rather than python-magic: libmagic is a system library we cannot count on, and
six signatures are all the allow-list needs.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from site_apps.teams.services import TeamError


class UploadRefused(TeamError):
    """A file we do not accept; the message says why, fit to show the person."""


class FileTooLarge(UploadRefused):
    """A file over the team's plan's size per file: a bigger plan may take it."""


@dataclass(frozen=True)
class Inspected:
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None


IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)
MARKUP = (b"<svg", b"<?xml", b"<!doctype", b"<html", b"<script", b"<body", b"<head", b"<iframe")


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an allowed type, or None."""
    for signature, content_type, extension in IMAGE_SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    head = data[:4096]
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the 4096th byte is still text.
        if error.start < len(head) - 4:
            return None
    lowered = head.lstrip().lower()
    if any(tag in lowered[:1024] for tag in MARKUP):
        return "markup", ""
    return "text/plain", "txt"


def inspect(data: bytes, name: str) -> Inspected:
    """The file's type and, for an image, its size; `UploadRefused` says why not."""
    if not data:
        raise UploadRefused(_("“%(name)s” is empty (0 bytes).") % {"name": name})
    found = sniff(data)
    if found is None:
        raise UploadRefused(
            _(
                "“%(name)s” is not a type we accept. Upload a PNG, JPEG, WebP or GIF image, "
                "a PDF, or a plain text or CSV file."
            )
            % {"name": name}
        )
    content_type, extension = found
    if content_type == "markup":
        raise UploadRefused(
            _(
                "“%(name)s” is SVG or HTML, which can carry scripts, so we do not accept it. "
                "Export it as PNG or PDF."
            )
            % {"name": name}
        )
    if content_type == "text/plain" and name.lower().endswith(".csv"):
        content_type, extension = "text/csv", "csv"
    if not content_type.startswith("image/"):
        return Inspected(content_type, extension)
    width, height = image_size(data, name)
    return Inspected(content_type, extension, width, height)


def image_size(data: bytes, name: str) -> tuple[int, int]:
    too_big = _(
        "“%(name)s” claims more pixels than we decode (%(limit)s million). Scale it down first."
    ) % {"name": name, "limit": f"{(Image.MAX_IMAGE_PIXELS or 0) // 1_000_000}"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                # Header only so far: refuse a bomb before decoding a single pixel.
                if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
                    raise UploadRefused(too_big)
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRefused(too_big) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UploadRefused(
            _("“%(name)s” looks like an image but cannot be read.") % {"name": name}
        ) from error
    return width, height
