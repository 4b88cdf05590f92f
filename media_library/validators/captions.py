"""WebVTT caption files: the header, every cue's timing line, cues in time order."""

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .common import check_size, read_header

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
        check_size(
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
