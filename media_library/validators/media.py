"""Audio and video files: the container recognised from its bytes, not its name."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .common import check_size, file_extension, read_header


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
    check_size(
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
