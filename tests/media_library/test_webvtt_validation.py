"""validate_webvtt: well-formed captions pass, every fault names its line."""

from django.core.exceptions import ValidationError
from django.test import override_settings

import pytest
from upload_samples import VALID_VTT, uploaded

from media_library.validators import parse_timestamp, validate_webvtt


def vtt_file(content: str | bytes):
    data = content.encode() if isinstance(content, str) else content
    return uploaded("textning.vtt", data, "text/vtt")


def refusal(content: str | bytes) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        validate_webvtt(vtt_file(content))
    return excinfo.value


@pytest.mark.parametrize(
    "content",
    [
        VALID_VTT,
        VALID_VTT.replace("\n", "\r\n"),
        "\ufeff" + VALID_VTT,
        "WEBVTT - Trygghetsportalen\nKind: captions\n\n00:01.000 --> 00:02.000\nHej\n",
        # A NOTE block before the cues, and hours with three digits.
        "WEBVTT\n\nNOTE granskad 2025\n\n100:00:00.000 --> 100:00:01.000\nSent\n",
        # Cue settings after the end time; last cue without a final newline.
        "WEBVTT\n\n00:00.000 --> 00:01.000 align:start position:10%\nText",
    ],
)
def test_well_formed_webvtt_passes(content):
    validate_webvtt(vtt_file(content))


def test_validation_leaves_the_file_at_its_start():
    file = vtt_file(VALID_VTT)

    validate_webvtt(file)

    assert file.read(6) == b"WEBVTT"


def test_missing_header_is_reported_on_line_1():
    error = refusal("00:00.000 --> 00:01.000\nHej\n")

    assert error.code == "missing_header"
    assert error.messages[0].startswith("Rad 1:")


def test_header_must_be_followed_by_space_or_end_of_line():
    assert refusal("WEBVTTX\n\n00:00.000 --> 00:01.000\nHej\n").code == (
        "missing_header"
    )


def test_end_before_start_names_the_timing_line():
    error = refusal("WEBVTT\n\n1\n00:00:05.000 --> 00:00:04.000\nHej\n")

    assert error.code == "end_before_start"
    assert error.messages[0].startswith("Rad 4:")


def test_end_equal_to_start_is_refused():
    assert refusal("WEBVTT\n\n00:01.000 --> 00:01.000\nHej\n").code == (
        "end_before_start"
    )


@pytest.mark.parametrize(
    "timing",
    [
        "00:01 --> 00:02",  # no milliseconds
        "00:00:01,000 --> 00:00:02,000",  # SRT comma
        "0:00:01.000 --> 0:00:02.000",  # one-digit hours
        "00:60.000 --> 00:61.000",  # seconds out of range
        "00:00:01.000->00:00:02.000",  # malformed arrow
        "00:00:01.000 --> ",
    ],
)
def test_malformed_timing_line_names_the_line(timing):
    error = refusal(f"WEBVTT\n\n{timing}\nHej\n")

    assert error.code == "invalid_timing"
    assert error.messages[0].startswith("Rad 3:")


def test_cue_without_timing_line_is_refused():
    error = refusal(VALID_VTT + "\nBara text utan tid\n")

    assert error.code == "missing_timing"
    assert error.messages[0].startswith("Rad 10:")


def test_arrow_inside_cue_text_is_refused():
    error = refusal("WEBVTT\n\n1\n00:00.000 --> 00:01.000\nA --> B\n")

    assert error.code == "misplaced_timing"
    assert error.messages[0].startswith("Rad 5:")


def test_cues_out_of_order_are_refused():
    error = refusal(
        "WEBVTT\n\n00:05.000 --> 00:06.000\nSen\n\n00:01.000 --> 00:02.000\nTidig\n"
    )

    assert error.code == "cues_out_of_order"
    assert error.messages[0].startswith("Rad 6:")


def test_header_only_file_has_no_cues():
    assert refusal("WEBVTT\n\nNOTE bara en kommentar\n").code == "no_cues"


def test_empty_file_is_refused():
    assert refusal(b"").code == "empty"


def test_non_utf8_file_names_the_line():
    error = refusal("WEBVTT\n\n00:00.000 --> 00:01.000\nMölndal\n".encode("latin-1"))

    assert error.code == "not_utf8"
    assert error.messages[0].startswith("Rad 4:")


@override_settings(MEDIA_LIBRARY_MAX_CAPTION_SIZE=100)
def test_caption_file_over_the_size_limit_is_refused():
    error = refusal(VALID_VTT + "\n" + "x" * 200)

    assert error.code == "file_too_large"


@pytest.mark.parametrize(
    ("value", "millis"),
    [("00:01.250", 1250), ("01:02:03.004", 3723004), ("100:00:00.000", 360000000)],
)
def test_parse_timestamp(value, millis):
    assert parse_timestamp(value) == millis
