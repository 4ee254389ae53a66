"""The one module that talks to the file store: Django's "uploads" storage, which is local
files by default and S3 (django-storages, boto3) when `AWS_STORAGE_BUCKET_NAME` is set.

Services get typed values back (`StoredObject`, `DownloadLink`) and one exception,
`StorageUnavailable`, whatever went wrong underneath (a botocore error or timeout, a full
disk), so no caller parses provider errors. Private objects are reached only through
`download_link`: a presigned S3 URL, or locally a signed link to `views.serve_signed`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("uploads")

SIGNING_SALT = "site_apps.uploads.download"


class StorageUnavailable(Exception):
    """The file store did not answer, or refused: a message fit to show the person."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int


@dataclass(frozen=True)
class DownloadLink:
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class ListedObject:
    key: str
    modified_at: datetime | None


def uploads_storage() -> Storage:
    return storages["uploads"]


def _is_s3(storage: Storage) -> bool:
    return storage.__class__.__module__.startswith("storages.")


def _unavailable(action: str, error: BaseException) -> StorageUnavailable:
    # The error's class only: botocore messages can carry the bucket's URL and request ids.
    logger.warning("uploads storage %s failed: %s", action, error.__class__.__name__)
    return StorageUnavailable(
        _("The file store is not answering right now, so nothing was saved. Try again soon.")
        if action == "put"
        else _("The file store is not answering right now. Try again soon.")
    )


# What the storage raises when it cannot be reached: the network, or S3 (botocore).
STORAGE_ERRORS: tuple[type[BaseException], ...] = (OSError, BotoCoreError, ClientError)


def put(key: str, data: bytes, *, content_type: str) -> StoredObject:
    """Write `data` under exactly `key` (keys are unique: a clash is a bug, not a rename)."""
    storage = uploads_storage()
    content = ContentFile(data, name=key)
    content.content_type = content_type  # type: ignore[attr-defined]
    try:
        saved = storage.save(key, content)
    except STORAGE_ERRORS as error:
        raise _unavailable("put", error) from error
    if saved != key:  # pragma: no cover - file_overwrite=False renamed it
        storage.delete(saved)
        raise StorageUnavailable(_("The file could not be stored under its name."))
    return StoredObject(key=key, size=len(data))


def read(key: str) -> bytes:
    storage = uploads_storage()
    try:
        with storage.open(key, "rb") as handle:
            data: bytes = handle.read()
    except STORAGE_ERRORS as error:
        raise _unavailable("read", error) from error
    return data


def delete(key: str) -> None:
    """Remove the object; a missing object is already deleted."""
    try:
        uploads_storage().delete(key)
    except STORAGE_ERRORS as error:
        raise _unavailable("delete", error) from error


def exists(key: str) -> bool:
    try:
        return bool(uploads_storage().exists(key))
    except STORAGE_ERRORS as error:
        raise _unavailable("exists", error) from error


def list_objects(prefix: str) -> Iterator[ListedObject]:
    """Every object under `prefix` ("teams/"), walking folders."""
    storage = uploads_storage()
    try:
        yield from _walk(storage, prefix.rstrip("/"))
    except STORAGE_ERRORS as error:
        raise _unavailable("list", error) from error


def _walk(storage: Storage, folder: str) -> Iterator[ListedObject]:
    if not _is_s3(storage) and not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        key = f"{folder}/{name}"
        try:
            modified = storage.get_modified_time(key)
        except (NotImplementedError, OSError):
            modified = None
        yield ListedObject(key=key, modified_at=modified)
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def content_disposition(filename: str, *, inline: bool) -> str:
    kind = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "") or "download"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def download_link(
    key: str, *, filename: str, content_type: str, inline: bool = False
) -> DownloadLink:
    """A short-lived link to a private object. Call it only after the permission check.

    `inline` is for images we generated or sniffed; everything else is served as an
    attachment, so a file can never run as a page of our site.
    """
    expiry = settings.UPLOADS_URL_EXPIRY
    expires_at = timezone.now() + timedelta(seconds=expiry)
    disposition = content_disposition(filename, inline=inline)
    storage = uploads_storage()
    if _is_s3(storage):
        try:
            url = storage.url(  # type: ignore[call-arg]
                key,
                parameters={
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": content_type if inline else "application/octet-stream",
                },
                expire=expiry,
            )
        except STORAGE_ERRORS as error:
            raise _unavailable("sign", error) from error
        return DownloadLink(url=url, expires_at=expires_at)
    token = signing.dumps(
        {"k": key, "t": content_type, "n": filename, "i": inline}, salt=SIGNING_SALT
    )
    return DownloadLink(url=reverse("uploads:serve", args=[token]), expires_at=expires_at)


@dataclass(frozen=True)
class SignedFile:
    key: str
    content_type: str
    filename: str
    inline: bool


def unsign(token: str) -> SignedFile | None:
    """The file a local signed link names, or None when it is forged or has expired."""
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=settings.UPLOADS_URL_EXPIRY)
    except signing.BadSignature:
        return None
    return SignedFile(key=data["k"], content_type=data["t"], filename=data["n"], inline=data["i"])


def open_local(key: str) -> File[bytes]:
    """The object as a file, for the local signed view."""
    try:
        return uploads_storage().open(key, "rb")
    except STORAGE_ERRORS as error:
        raise _unavailable("read", error) from error
