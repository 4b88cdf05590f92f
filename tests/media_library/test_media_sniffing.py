"""sniff_media: the type comes from the bytes, and the extension must agree."""

from django.core.exceptions import ValidationError
from django.test import override_settings

import pytest
from upload_samples import (
    ebml_bytes,
    ftyp_bytes,
    id3_bytes,
    mp3_frame_bytes,
    ogg_bytes,
    png_bytes,
    uploaded,
    wav_bytes,
)

from media_library.validators import sniff_media


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.mp3", id3_bytes(), ("audio", "audio/mpeg")),
        ("a.mp3", mp3_frame_bytes(), ("audio", "audio/mpeg")),
        ("a.m4a", ftyp_bytes(b"M4A ", (b"M4A ", b"isom")), ("audio", "audio/mp4")),
        # Generic brand: the extension says which it is.
        ("a.m4a", ftyp_bytes(b"isom", (b"isom", b"mp42")), ("audio", "audio/mp4")),
        ("a.mp4", ftyp_bytes(b"isom", (b"isom", b"avc1")), ("video", "video/mp4")),
        ("a.mp4", ftyp_bytes(b"mp42", (b"M4A ",)), ("audio", "audio/mp4")),
        ("a.m4v", ftyp_bytes(b"M4V "), ("video", "video/mp4")),
        ("a.ogg", ogg_bytes(b"\x01vorbis" + b"\x00" * 23), ("audio", "audio/ogg")),
        ("a.opus", ogg_bytes(b"OpusHead" + b"\x01" * 11), ("audio", "audio/ogg")),
        ("a.ogv", ogg_bytes(b"\x80theora" + b"\x00" * 35), ("video", "video/ogg")),
        ("A.WAV", wav_bytes(), ("audio", "audio/wav")),
        ("a.webm", ebml_bytes(b"webm"), ("video", "video/webm")),
        ("a.mkv", ebml_bytes(b"matroska"), ("video", "video/x-matroska")),
    ],
)
def test_supported_media_is_recognised_from_its_bytes(name, content, expected):
    assert sniff_media(uploaded(name, content)) == expected


def test_sniffing_leaves_the_file_at_its_start():
    file = uploaded("a.wav", wav_bytes())

    sniff_media(file)

    assert file.read(4) == b"RIFF"


def refusal_code(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as excinfo:
        sniff_media(uploaded(name, content))
    return excinfo.value.code


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.mp3", b"ID3 is how this text starts, but it is text\n"),
        ("a.mp3", b"\xff\xf1\x50\x80" + b"\x00" * 100),  # AAC (ADTS), not MP3
        ("a.mp3", png_bytes()),
        ("a.ogg", ogg_bytes(b"unknown codec")),
        ("a.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 60),  # EBML, no known doctype
        ("a.mp4", ftyp_bytes(b"qt  ")),  # QuickTime
        ("a.wav", b"RIFF\x00\x00\x00\x00AVI LIST"),
    ],
)
def test_unrecognised_content_is_refused(name, content):
    assert refusal_code(name, content) == "unsupported_content"


def test_unsupported_extension_is_refused_even_with_valid_content():
    with pytest.raises(ValidationError) as excinfo:
        sniff_media(uploaded("a.flac", wav_bytes()))

    assert excinfo.value.code == "unsupported_extension"
    assert excinfo.value.messages[0].startswith("Filtypen stöds inte")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.mp3", wav_bytes()),
        ("a.wav", id3_bytes()),
        ("a.m4a", ftyp_bytes(b"M4V ")),
        ("a.ogv", ogg_bytes(b"OpusHead" + b"\x01" * 11)),
        ("a.webm", ebml_bytes(b"matroska")),
    ],
)
def test_extension_that_disagrees_with_content_is_refused(name, content):
    assert refusal_code(name, content) == "extension_mismatch"


def test_file_without_extension_is_refused():
    assert refusal_code("avsnitt", wav_bytes()) == "unsupported_extension"


def test_mismatch_message_names_extension_and_real_format():
    with pytest.raises(ValidationError) as excinfo:
        sniff_media(uploaded("a.mp3", wav_bytes()))

    assert excinfo.value.code == "extension_mismatch"
    assert ".mp3" in excinfo.value.messages[0]
    assert "WAV" in excinfo.value.messages[0]


def test_empty_file_is_refused():
    assert refusal_code("a.mp3", b"") == "empty"


@override_settings(MEDIA_LIBRARY_MAX_UPLOAD_SIZE=1000)
def test_file_over_the_size_limit_is_refused():
    assert refusal_code("a.wav", wav_bytes(seconds=1)) == "file_too_large"
