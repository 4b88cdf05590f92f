"""Content checks for uploaded files: never trust a file name or a browser's type.

Every check raises `ValidationError` with a Swedish message an editor can act on,
so that a bad upload becomes a form error and never a server error.

By kind of file: media.py (audio and video), captions.py (WebVTT), images.py
and documents.py; common.py has what they share. The names used elsewhere
are importable from here, `validate_webvtt` under the dotted path
media_library/migrations/0001_initial.py gives it.
"""

from .captions import parse_timestamp, validate_webvtt
from .documents import validate_document_content
from .images import CORRUPT_IMAGE_MESSAGE, validate_image_content
from .media import MEDIA_EXTENSIONS, sniff_media

__all__ = [
    "CORRUPT_IMAGE_MESSAGE",
    "MEDIA_EXTENSIONS",
    "parse_timestamp",
    "sniff_media",
    "validate_document_content",
    "validate_image_content",
    "validate_webvtt",
]
