"""Static files, public media and teams' private uploads: local files, or S3 when
AWS_STORAGE_BUCKET_NAME is set (django-storages; docs/deployment.md, docs/uploads.md)."""

from __future__ import annotations

from typing import Any

from cms.settings.env import BASE_DIR, env
from cms.settings.integrations.providers import PROVIDER_TIMEOUT

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")


def s3_client_config(timeout: tuple[float, float]) -> Any:
    """botocore's settings for S3: the provider timeouts, one attempt (no hidden retries)."""
    # imported here: botocore is heavy, and only a site that stores files on S3 needs it
    from botocore.config import Config

    return Config(
        connect_timeout=timeout[0],
        read_timeout=timeout[1],
        # SigV4: what every AWS region, R2 and MinIO accept for presigned links.
        signature_version="s3v4",
        retries={"mode": "standard", "total_max_attempts": 1},
    )


# Teams' private files (site_apps/uploads): never under MEDIA_ROOT, so nothing serves them
# without the permission check; a signed, short-lived link (a presigned URL on S3) does.
UPLOADS_ROOT = env.path("UPLOADS_ROOT", default=str(BASE_DIR / "var" / "uploads"))
# Seconds a download or thumbnail link stays valid (docs/uploads.md).
UPLOADS_URL_EXPIRY = env.int("UPLOADS_URL_EXPIRY", default=300)
AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="")

STORAGES: dict[str, dict[str, Any]] = {
    # Public media: Wagtail images, renditions and documents.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": UPLOADS_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    _s3_options: dict[str, Any] = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "default_acl": None,
        "file_overwrite": False,
        "client_config": s3_client_config(PROVIDER_TIMEOUT),
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _s3_options
        | {
            "location": env.str("AWS_MEDIA_LOCATION", default="media"),
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            # "http:" for a custom domain without TLS (compose's local MinIO behind Caddy).
            "url_protocol": env.str("AWS_S3_URL_PROTOCOL", default="https:"),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
        },
    }
    # Private uploads: another prefix of the same bucket, never behind the CDN domain, every
    # URL presigned and short-lived.
    STORAGES["uploads"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _s3_options
        | {
            "location": env.str("AWS_UPLOADS_LOCATION", default="uploads"),
            "querystring_auth": True,
            "querystring_expire": UPLOADS_URL_EXPIRY,
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def _media_origins() -> list[str]:
    """Where pages may load images from besides our own origin: the CDN domain and the S3
    endpoint (or AWS's regional host) that presigned links point at."""
    if not AWS_STORAGE_BUCKET_NAME:
        return []
    origins = []
    if AWS_S3_CUSTOM_DOMAIN:
        protocol = env.str("AWS_S3_URL_PROTOCOL", default="https:")
        origins.append(f"{protocol}//{AWS_S3_CUSTOM_DOMAIN}")
    endpoint = env.str("AWS_S3_ENDPOINT_URL", default="")
    if endpoint:
        origins.append(endpoint.rstrip("/"))
    else:
        origins.append("https://*.amazonaws.com")
    return origins


# base.py lets pages' images come from these origins (the CSP's img-src).
MEDIA_ORIGINS = _media_origins()

# Serve uploaded media from Django itself when there is no S3 and no web server in front for
# them (small installs, and production-like local runs such as `make lighthouse`).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
