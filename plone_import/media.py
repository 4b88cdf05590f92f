"""Plone's Files and Images into the media library.

The bytes are checked as an editor's upload would be; a file the library
would refuse is a failed row, with the library's own message. An image's
Plone description becomes its proposed alt text, to be reviewed.
"""

import io
import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from media_library.models import MediaFile
from media_library.signal_handlers import delete_file_after_commit
from media_library.validators import (
    sniff_media,
    validate_document_content,
    validate_image_content,
)

from .inline import cut_at_word
from .items import PloneItem

ALT_TEXT_MAX_LENGTH = 250  # CustomImage.alt_text


class MediaError(Exception):
    """The file cannot go into the media library; the message says why."""


def file_name(item: PloneItem) -> str:
    """The file's name in Plone, else the item's id."""
    name = str(item.file_info().get("filename") or item.plone_id)
    return posixpath.basename(name.replace("\\", "/")) or item.plone_id


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _checked(check, file) -> None:
    try:
        check(file)
    except ValidationError as exc:
        raise MediaError(" ".join(str(message) for message in exc.messages)) from exc


def write_document(item: PloneItem, content: bytes, document=None):
    """A new document, or `document` with the new file; saved, not committed."""
    name = file_name(item)
    if _extension(name) not in settings.WAGTAILDOCS_EXTENSIONS:
        raise MediaError(
            _("Filtypen .%(extension)s tas inte emot i dokumentbiblioteket.")
            % {"extension": _extension(name) or "?"}
        )
    upload = ContentFile(content, name=name)
    _checked(validate_document_content, upload)
    if document is None:
        document = get_document_model()()
    old_file = document.file if document.pk else None
    document.title = item.title
    document.file = upload
    document.file_size = len(content)
    document.file_hash = hash_filelike(io.BytesIO(content))
    document.save()
    if old_file:
        delete_file_after_commit(old_file)
    return document


def write_image(item: PloneItem, content: bytes, image=None):
    """A new image, or `image` with the new file. The Plone description is
    proposed as alt text until an editor has reviewed the image's."""
    name = file_name(item)
    if _extension(name) not in settings.WAGTAILIMAGES_EXTENSIONS:
        raise MediaError(
            _("Bildformatet .%(extension)s tas inte emot i bildbiblioteket.")
            % {"extension": _extension(name) or "?"}
        )
    _checked(validate_image_content, io.BytesIO(content))
    if image is None:
        image = get_image_model()(alt_text_reviewed=False)
    old_file = image.file if image.pk else None
    image.title = item.title
    image.file = ImageFile(io.BytesIO(content), name=name)
    image.file_size = len(content)
    if not image.alt_text_reviewed:
        image.alt_text = cut_at_word(item.description, ALT_TEXT_MAX_LENGTH)
    image.file_hash = hash_filelike(io.BytesIO(content))
    image.save()
    if old_file:
        delete_file_after_commit(old_file)
    return image


def write_media_file(item: PloneItem, content: bytes, media: MediaFile | None):
    """An audio or video file for the page a Plone File becomes."""
    upload = ContentFile(content, name=file_name(item))
    try:
        media_type, mime_type = sniff_media(upload)
    except ValidationError as exc:
        raise MediaError(" ".join(str(message) for message in exc.messages)) from exc
    media = media or MediaFile()
    old_file = media.file if media.pk else None
    media.title = item.title
    media.file = upload
    media.media_type, media.mime_type = media_type, mime_type
    media.file_size = len(content)
    media.save()
    if old_file:
        delete_file_after_commit(old_file)
    return media
