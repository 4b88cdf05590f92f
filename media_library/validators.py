"""Content checks for uploaded files: never trust a file name or a browser's type.

Every check raises `ValidationError` with a Swedish message an editor can act on,
so that a bad upload becomes a form error and never a server error.
"""

import codecs
import os
import re
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from PIL import Image as PILImage
from PIL import ImageSequence

# Enough for every signature below, including an Ogg page's first packet.
HEADER_SIZE = 4096
TEXT_CHUNK_SIZE = 64 * 1024

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


def _check_size(file: Any, limit: int | None, message: StrOrPromise) -> None:
    if limit is not None and file.size > limit:
        raise ValidationError(
            message,
            code="file_too_large",
            params={
                "size": filesizeformat(file.size),
                "max_size": filesizeformat(limit),
            },
        )


# --- Audio and video ----------------------------------------------------------


@dataclass(frozen=True)
class MediaFormat:
    """A container recognised from its bytes, and what each extension makes of it."""

    label: str
    # extension -> (media_type, mime_type)
    extensions: dict[str, tuple[str, str]]


MP3 = MediaFormat("MP3", {"mp3": ("audio", "audio/mpeg")})
MP4_AUDIO = MediaFormat(
    "MPEG-4-ljud", {"m4a": ("audio", "audio/mp4"), "mp4": ("audio", "audio/mp4")}
)
# Generic ISO brands ("isom", "mp42" …) do not say whether there is a picture;
# that needs the whole `moov` box, so the extension decides.
MP4_GENERIC = MediaFormat(
    "MPEG-4",
    {
        "mp4": ("video", "video/mp4"),
        "m4v": ("video", "video/mp4"),
        "m4a": ("audio", "audio/mp4"),
    },
)
MP4_VIDEO = MediaFormat(
    "MPEG-4-video", {"mp4": ("video", "video/mp4"), "m4v": ("video", "video/mp4")}
)
OGG_AUDIO = MediaFormat(
    "Ogg-ljud",
    {
        "ogg": ("audio", "audio/ogg"),
        "oga": ("audio", "audio/ogg"),
        "opus": ("audio", "audio/ogg"),
    },
)
OGG_VIDEO = MediaFormat(
    "Ogg-video", {"ogv": ("video", "video/ogg"), "ogg": ("video", "video/ogg")}
)
WAV = MediaFormat("WAV", {"wav": ("audio", "audio/wav")})
WEBM = MediaFormat("WebM", {"webm": ("video", "video/webm")})
MATROSKA = MediaFormat(
    "Matroska",
    {"mkv": ("video", "video/x-matroska"), "mka": ("audio", "audio/x-matroska")},
)

MEDIA_FORMATS = (MP3, MP4_AUDIO, MP4_GENERIC, OGG_AUDIO, OGG_VIDEO, WAV, WEBM, MATROSKA)
MEDIA_EXTENSIONS: tuple[str, ...] = tuple(
    sorted({ext for fmt in MEDIA_FORMATS for ext in fmt.extensions})
)

MP4_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}
MP4_VIDEO_BRANDS = {b"M4V ", b"M4VH", b"M4VP", b"F4V ", b"F4P "}
OGG_AUDIO_CODECS = (b"\x01vorbis", b"OpusHead", b"\x7fFLAC", b"Speex   ")

UNSUPPORTED_MEDIA_MESSAGE = _(
    "Filtypen stöds inte. Ladda upp ljud som MP3, M4A, Ogg/Opus eller WAV, "
    "eller video som MP4 eller WebM."
)


def _is_id3_tag(header: bytes) -> bool:
    """True for an ID3v2 tag header (major version 2-4), which MP3 files start with."""
    return header[:3] == b"ID3" and len(header) >= 10 and header[3] in (2, 3, 4)


def _is_mp3_frame(header: bytes) -> bool:
    """True for an MPEG audio layer III frame header (what .mp3 files hold)."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return False
    version = (header[1] >> 3) & 0b11
    layer = (header[1] >> 1) & 0b11
    bitrate = header[2] >> 4
    sample_rate = (header[2] >> 2) & 0b11
    # 0b01 is a reserved version; layer 0b01 is layer III; 0b1111 and 0b11 are
    # invalid bitrate and sample-rate indexes. AAC (ADTS) has layer 0b00.
    return version != 0b01 and layer == 0b01 and bitrate != 0b1111 and sample_rate != 3


def _mp4_format(header: bytes) -> MediaFormat | None:
    box_size = int.from_bytes(header[0:4], "big")
    brands = {header[8:12]}
    # Compatible brands follow the major brand and the minor version.
    end = min(box_size, len(header)) if box_size >= 16 else 16
    brands.update(header[i : i + 4] for i in range(16, end - 3, 4))
    major = header[8:12]
    if major == b"qt  ":
        return None  # QuickTime .mov plays unreliably in browsers.
    if major in MP4_VIDEO_BRANDS:
        return MP4_VIDEO
    if brands & MP4_AUDIO_BRANDS:
        return MP4_AUDIO
    return MP4_GENERIC


def _ogg_format(header: bytes) -> MediaFormat | None:
    if b"\x80theora" in header:
        return OGG_VIDEO
    if len(header) > 27:
        first_packet = header[27 + header[26] :]
        if first_packet.startswith(OGG_AUDIO_CODECS):
            return OGG_AUDIO
    return None


def detect_media_format(header: bytes) -> MediaFormat | None:
    """Recognise an audio or video container from its first bytes."""
    if _is_id3_tag(header) or _is_mp3_frame(header):
        return MP3
    if header[4:8] == b"ftyp":
        return _mp4_format(header)
    if header[:4] == b"OggS":
        return _ogg_format(header)
    if header[:4] == b"RIFF" and header[8:12] == b"WAVE":
        return WAV
    if header[:4] == b"\x1a\x45\xdf\xa3":
        # The EBML DocType sits in the first few dozen bytes.
        if b"webm" in header[:64]:
            return WEBM
        if b"matroska" in header[:64]:
            return MATROSKA
    return None


def sniff_media(file: Any) -> tuple[str, str]:
    """Return (media_type, mime_type) from the file's bytes; refuse anything else."""
    _check_size(
        file,
        getattr(settings, "MEDIA_LIBRARY_MAX_UPLOAD_SIZE", None),
        _("Filen är för stor (%(size)s). Största tillåtna storlek är %(max_size)s."),
    )
    if not file.size:
        raise ValidationError(_("Filen är tom."), code="empty")

    extension = file_extension(file.name)
    if extension not in MEDIA_EXTENSIONS:
        raise ValidationError(UNSUPPORTED_MEDIA_MESSAGE, code="unsupported_extension")

    media_format = detect_media_format(read_header(file))
    if media_format is None:
        raise ValidationError(UNSUPPORTED_MEDIA_MESSAGE, code="unsupported_content")

    if extension not in media_format.extensions:
        raise ValidationError(
            _(
                "Filändelsen .%(extension)s stämmer inte med filens innehåll "
                "(%(format)s). Kontrollera att filen inte har fått fel namn."
            ),
            code="extension_mismatch",
            params={"extension": extension, "format": media_format.label},
        )
    return media_format.extensions[extension]


# --- WebVTT captions -------------------------------------------------------

# Hours are optional and may have more than two digits (WebVTT spec, 6.1).
TIMESTAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
TIMING_LINE_RE = re.compile(
    rf"^(?P<start>{TIMESTAMP})[ \t]+-->[ \t]+(?P<end>{TIMESTAMP})(?:[ \t].*)?$"
)
TIMING_ATTEMPT_RE = re.compile(r"^\d+:\d")
HEADER_RE = re.compile(r"^WEBVTT(?:[ \t].*)?$")
# Blocks that may appear before the first cue and carry no timing.
NON_CUE_BLOCKS = ("NOTE", "STYLE", "REGION")

TIMING_FORMAT_HINT = _(
    "Använd formatet TT:MM:SS.mmm --> TT:MM:SS.mmm (eller MM:SS.mmm --> MM:SS.mmm)."
)


def parse_timestamp(value: str) -> int:
    """Return a WebVTT timestamp in milliseconds."""
    clock, millis = value.split(".")
    seconds = 0
    for part in clock.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds * 1000 + int(millis)


def _is_non_cue_block(first_line: str) -> bool:
    return any(
        first_line == keyword or first_line.startswith((f"{keyword} ", f"{keyword}\t"))
        for keyword in NON_CUE_BLOCKS
    )


def _decode_vtt(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("Rad %(line)s: textningsfilen måste vara sparad som UTF-8."),
            code="not_utf8",
            params={"line": data[: exc.start].count(b"\n") + 1},
        ) from exc
    # A byte order mark is allowed before the header.
    return text.removeprefix("\ufeff")


def _check_cue_block(
    block: list[tuple[int, str]], previous_start: int | None
) -> int | None:
    """Validate one block; return the cue's start time, or None if not a cue."""
    first_number, first_line = block[0]
    arrows = [(number, line) for number, line in block if "-->" in line]
    if not arrows:
        if _is_non_cue_block(first_line):
            return None
        # A line that starts like a timestamp is a broken timing line.
        attempts = [entry for entry in block[:2] if TIMING_ATTEMPT_RE.match(entry[1])]
        if not attempts:
            raise ValidationError(
                _("Rad %(line)s: blocket saknar tidsrad. %(hint)s"),
                code="missing_timing",
                params={"line": first_number, "hint": TIMING_FORMAT_HINT},
            )
        arrows = attempts

    number, line = arrows[0]
    # The timing line is the block's first line, or its second after a cue id,
    # and "-->" may appear nowhere else in the block.
    misplaced = list(arrows[1:])
    if number - first_number > 1:
        misplaced.insert(0, (number, line))
    if misplaced:
        raise ValidationError(
            _(
                "Rad %(line)s: tidsraden måste stå först i blocket eller direkt "
                "efter en identifierare, och ”-->” får inte förekomma i texten."
            ),
            code="misplaced_timing",
            params={"line": misplaced[0][0]},
        )
    match = TIMING_LINE_RE.match(line)
    if match is None:
        raise ValidationError(
            _("Rad %(line)s: ogiltig tidsrad ”%(text)s”. %(hint)s"),
            code="invalid_timing",
            params={"line": number, "text": line[:80], "hint": TIMING_FORMAT_HINT},
        )
    start = parse_timestamp(match["start"])
    end = parse_timestamp(match["end"])
    if end <= start:
        raise ValidationError(
            _(
                "Rad %(line)s: sluttiden %(end)s måste vara senare än "
                "starttiden %(start)s."
            ),
            code="end_before_start",
            params={"line": number, "start": match["start"], "end": match["end"]},
        )
    if previous_start is not None and start < previous_start:
        raise ValidationError(
            _(
                "Rad %(line)s: starttiden %(start)s är tidigare än föregående "
                "textblocks starttid. Blocken måste stå i tidsordning."
            ),
            code="cues_out_of_order",
            params={"line": number, "start": match["start"]},
        )
    return start


def _split_blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Group numbered non-blank lines into blank-line separated blocks."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def validate_webvtt(file: Any) -> None:
    """Check that `file` is a well-formed WebVTT caption file with at least one cue."""
    limit = getattr(settings, "MEDIA_LIBRARY_MAX_CAPTION_SIZE", None)
    try:
        _check_size(
            file,
            limit,
            _(
                "Textningsfilen är för stor (%(size)s). Största tillåtna storlek "
                "är %(max_size)s."
            ),
        )
        data = read_header(file, size=-1 if limit is None else limit + 1)
    except OSError as exc:
        # A stored caption whose file has gone missing is re-checked on edit.
        raise ValidationError(
            _("Textningsfilen kunde inte läsas. Ladda upp den igen."),
            code="unreadable",
        ) from exc
    if not data.strip():
        raise ValidationError(_("Textningsfilen är tom."), code="empty")

    lines = re.split(r"\r\n|\r|\n", _decode_vtt(data))
    if not HEADER_RE.match(lines[0]):
        raise ValidationError(
            _("Rad 1: en WebVTT-fil måste börja med ”WEBVTT”."),
            code="missing_header",
        )

    # The first block is the header (WEBVTT plus optional metadata lines).
    cue_starts: list[int] = []
    for block in _split_blocks(lines)[1:]:
        start = _check_cue_block(block, cue_starts[-1] if cue_starts else None)
        if start is not None:
            cue_starts.append(start)

    if not cue_starts:
        raise ValidationError(
            _(
                "Textningsfilen innehåller ingen text: minst ett block med en "
                "tidsrad krävs."
            ),
            code="no_cues",
        )


# --- Images ------------------------------------------------------------------

CORRUPT_IMAGE_MESSAGE = _(
    "Bildfilen är skadad eller ofullständig och kan inte visas. Spara om bilden "
    "i ett bildprogram och försök igen."
)


def validate_image_content(file: IO[bytes]) -> None:
    """Decode every frame so that truncated or corrupt images are refused now.

    Run it only after the pixel count has been checked from the header
    (CheckedImageField does both): decoding is what costs memory.
    """
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its limit; treat that as a refusal too.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                for frame in ImageSequence.Iterator(image):
                    frame.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            _("Bilden har för många pixlar. Minska bildens storlek och försök igen."),
            code="too_many_pixels",
        ) from None
    except Exception as exc:
        # Decoders raise many types (OSError, SyntaxError, ValueError, zlib and
        # struct errors …) for damaged data; all mean the same to the editor.
        raise ValidationError(CORRUPT_IMAGE_MESSAGE, code="corrupt_image") from exc
    finally:
        file.seek(0)


# --- Documents ---------------------------------------------------------------

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
