"""Where uploaded media is kept: MEDIA_ROOT on local disk, or a private bucket
on an S3-compatible object store (AWS, MinIO, Ceph, a Swedish provider).

The variables carry django-storages' own names (README, "Media storage").
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
# Public material unsigned, documents private (cms/media_storage.py).
S3_STORAGE = "cms.media_storage.MediaStorage"

BUCKET = "AWS_STORAGE_BUCKET_NAME"
# Each means nothing without a bucket, so one set alone is a mistake.
S3_ONLY_VARIABLES = (
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ACCESS_KEY_ID",
    "AWS_S3_SECRET_ACCESS_KEY",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_QUERYSTRING_EXPIRE",
    "AWS_PUBLIC_MEDIA_ACL",
)
ADDRESSING_STYLES = ("auto", "path", "virtual")
# Seconds a signed URL works: only documents' (cms/media_storage.py); public
# material's URLs are not signed, since an API client that revalidates keeps
# its answer (304) until the next publish.
DEFAULT_URL_EXPIRY = 3600
# Signature version 4 signs for at most a week.
MAX_URL_EXPIRY = 7 * 24 * 3600
# A file read from the bucket (a document being served) is held in memory
# up to this size and spills to a temporary file beyond it, as uploads do
# (FILE_UPLOAD_MAX_MEMORY_SIZE); django-storages' default keeps it all in
# memory, which a 500 MB video would not survive.
SPOOL_MAX_MEMORY_SIZE = 5 * 1024 * 1024


def addressing_style(raw: str) -> str:
    if raw not in ADDRESSING_STYLES:
        raise ValueError(f"expected one of {', '.join(ADDRESSING_STYLES)}")
    return raw


def url_expiry(raw: str) -> int:
    seconds = int(raw)
    if not 1 <= seconds <= MAX_URL_EXPIRY:
        raise ValueError(f"expected 1 to {MAX_URL_EXPIRY} seconds")
    return seconds


def media_storage(
    env: Callable[..., Any], as_bool: Callable[[str], bool]
) -> dict[str, Any]:
    """STORAGES["default"]: S3 when AWS_STORAGE_BUCKET_NAME is set, else MEDIA_ROOT.

    `env` is the settings' reader and `as_bool` its reading of a boolean
    (cms/settings/base.py). The bucket's
    objects stay private: uploads send no ACL (so they get the bucket's own,
    private, and buckets with ACLs switched off accept them), and every URL
    the storage gives out is signed and expires. An upload never replaces
    another file of the same name.
    """
    bucket = env(BUCKET, None)
    if not bucket:
        stray = [name for name in S3_ONLY_VARIABLES if env(name, None) is not None]
        if stray:
            raise ImproperlyConfigured(
                f"{', '.join(stray)} is set but {BUCKET} is not: set the bucket "
                "to keep media on S3, or unset the rest to keep it on disk."
            )
        return {"BACKEND": FILESYSTEM_STORAGE}

    options: dict[str, Any] = {
        "bucket_name": bucket,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env(
            "AWS_QUERYSTRING_EXPIRE", DEFAULT_URL_EXPIRY, url_expiry
        ),
        "file_overwrite": False,
        "max_memory_size": SPOOL_MAX_MEMORY_SIZE,
        "public_acl": env("AWS_PUBLIC_MEDIA_ACL", True, as_bool),
    }
    optional = {
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", None),
        "region_name": env("AWS_S3_REGION_NAME", None),
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", None),
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", None, addressing_style),
    }
    options.update({key: value for key, value in optional.items() if value})

    access_key = env("AWS_S3_ACCESS_KEY_ID", None)
    secret_key = env("AWS_S3_SECRET_ACCESS_KEY", None)
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Set both AWS_S3_ACCESS_KEY_ID and AWS_S3_SECRET_ACCESS_KEY, or "
            "neither (boto3 then finds credentials itself, e.g. an instance role)."
        )
    if access_key:
        options.update(access_key=access_key, secret_key=secret_key)
    return {"BACKEND": S3_STORAGE, "OPTIONS": options}
