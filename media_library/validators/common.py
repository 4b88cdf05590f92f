"""What every content check needs: a file's extension, its first bytes, its size."""

import os
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise

# Enough for every signature the checks look for, including an Ogg page's
# first packet.
HEADER_SIZE = 4096

StrOrPromise = str | Promise


def file_extension(name: str | None) -> str:
    """Return the lower-case extension of `name` without the dot."""
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def read_header(file: IO[bytes], size: int = HEADER_SIZE) -> bytes:
    """Read the first `size` bytes of `file` and rewind it for the next reader."""
    file.seek(0)
    header = file.read(size)
    file.seek(0)
    return header


def check_size(file: Any, limit: int | None, message: StrOrPromise) -> None:
    """Refuse `file` if it is larger than `limit` bytes (None: no limit)."""
    if limit is not None and file.size > limit:
        raise ValidationError(
            message,
            code="file_too_large",
            params={
                "size": filesizeformat(file.size),
                "max_size": filesizeformat(limit),
            },
        )
