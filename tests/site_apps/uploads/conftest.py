"""moto's S3 server over real HTTP (ThreadedMotoServer) and files to upload."""

from __future__ import annotations

import io
import logging
import struct
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

BUCKET = "lumen-uploads-test"


def _free() -> int:
    """An ephemeral port (outside every helper's and CI's fixed ranges)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_server() -> Iterator[dict[str, Any]]:
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = _free()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    yield {"endpoint": endpoint, "client": client}
    server.stop()


def s3_storage_settings(endpoint: str, read_timeout: float = 2) -> dict[str, Any]:
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "access_key": "testing",
            "secret_key": "testing",
            "location": "uploads",
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
            "client_config": Config(
                connect_timeout=1,
                read_timeout=read_timeout,
                signature_version="s3v4",
                retries={"total_max_attempts": 1},
            ),
        },
    }


@pytest.fixture
def s3(settings, s3_server) -> Iterator[dict[str, Any]]:
    """The "uploads" storage on moto's S3 for this test; the bucket emptied after it."""
    settings.STORAGES = settings.STORAGES | {"uploads": s3_storage_settings(s3_server["endpoint"])}
    yield s3_server
    client = s3_server["client"]
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])


def bucket_keys(s3: dict[str, Any]) -> list[str]:
    return sorted(o["Key"] for o in s3["client"].list_objects_v2(Bucket=BUCKET).get("Contents", []))


def photo_with_exif(width: int = 60, height: int = 40) -> bytes:
    """A JPEG stored landscape with orientation 6 (shown portrait) and a GPS position."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    exif[0x010F] = "Camera maker"
    gps = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(width: int = 8, height: int = 8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 120, 200)).save(out, "PNG")
    return out.getvalue()


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (no image data to speak of)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")
