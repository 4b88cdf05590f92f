"""Documents: PDF, office documents and text files whose bytes match their name."""

import codecs
import zipfile
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .common import file_extension, read_header

# Text files are read this much at a time to check their encoding.
TEXT_CHUNK_SIZE = 64 * 1024

# Extension -> member whose presence (and content prefix) identifies the format.
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
TEXT_EXTENSIONS = {"txt", "csv"}


def _office_document_is_valid(file: IO[bytes], extension: str) -> bool:
    file.seek(0)
    try:
        # Only the central directory is read: no member is decompressed except
        # the tiny ODF "mimetype", so a zip bomb costs nothing here.
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if extension in OOXML_PARTS:
                return "[Content_Types].xml" in names and any(
                    name.startswith(OOXML_PARTS[extension]) for name in names
                )
            if "mimetype" not in names:
                return False
            with archive.open("mimetype") as member:
                return member.read(100).strip() == ODF_MIMETYPES[extension]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        file.seek(0)


def _text_is_utf8(file: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    file.seek(0)
    try:
        while chunk := file.read(TEXT_CHUNK_SIZE):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        file.seek(0)
    return True


def validate_document_content(file: Any) -> None:
    """Check that a document's bytes match its extension."""
    extension = file_extension(file.name)
    if extension == "pdf":
        if read_header(file, 5) != b"%PDF-":
            raise ValidationError(
                _(
                    "Filen är inte en giltig PDF. Kontrollera att den inte bara "
                    "har fått filändelsen .pdf."
                ),
                code="invalid_pdf",
            )
    elif extension in OOXML_PARTS or extension in ODF_MIMETYPES:
        if not _office_document_is_valid(file, extension):
            raise ValidationError(
                _(
                    "Filen är inte ett giltigt .%(extension)s-dokument. Den kan "
                    "vara skadad eller ha fått fel filändelse."
                ),
                code="invalid_office_document",
                params={"extension": extension},
            )
    elif extension in TEXT_EXTENSIONS and not _text_is_utf8(file):
        raise ValidationError(
            _(
                "Textfilen måste vara sparad som UTF-8. Spara om den med "
                "teckenkodningen UTF-8 och försök igen."
            ),
            code="not_utf8",
        )
