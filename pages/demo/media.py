"""Generated media for the demo: placeholder images, captions, slides."""

import io
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
DEMO_VIDEO = ASSETS_DIR / "demo-video.mp4"
DEMO_AUDIO = ASSETS_DIR / "demo-audio.mp3"
DEMO_CLIP_SECONDS = 120

# One colour per theme, dark enough for white text on top.
THEME_COLOURS = {
    "trygghetsskapande": (0, 82, 138),
    "motverka-brott": (122, 38, 54),
    "utsatt-for-brott": (36, 94, 64),
}


def placeholder_image(theme_slug: str, variant: int, size=(1200, 675)) -> bytes:
    """A JPEG of simple shapes in the theme's colour; `variant` varies the layout."""
    base = THEME_COLOURS.get(theme_slug, (60, 60, 60))
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    width, height = size
    for step in range(6):
        shade = tuple(min(255, channel + 25 * (step + 1)) for channel in base)
        radius = height // 3 - step * 18 + (variant % 3) * 10
        x = (width // 7) * ((variant + step * 2) % 7) + width // 14
        y = height // 2 + ((-1) ** step) * (step * 30 + variant * 7 % 60)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def podcast_cover(title: str, size: int = 1400) -> bytes:
    """A square JPEG cover for a podcast: the title in white over sound waves.

    1400 pixels a side, the least podcast apps take (pages/models/podcast.py).
    """
    base, wave = (0, 58, 99), (0, 82, 138)
    image = Image.new("RGB", (size, size), base)
    draw = ImageDraw.Draw(image)
    centre = size // 2
    for step, radius in enumerate(range(size // 2, size // 8, -size // 14)):
        fill = wave if step % 2 == 0 else base
        draw.ellipse(
            (centre - radius, centre - radius, centre + radius, centre + radius),
            fill=fill,
        )
    font_size = size // 11
    font = ImageFont.load_default(size=font_size)
    while draw.textlength(title, font=font) > 0.8 * size and font_size > 12:
        font_size -= 4
        font = ImageFont.load_default(size=font_size)
    draw.text((centre, centre), title, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def placeholder_logo(name: str, size: int = 192) -> bytes:
    """A PNG emblem with the organisation's initials, white on dark blue."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=(0, 58, 99), outline=(255, 255, 255))
    words = [word for word in name.split() if word.lower() != "kommun"]
    initials = "".join(word[0] for word in words)[:2].upper()
    font = ImageFont.load_default(size=size // 2.5)
    draw.text((size / 2, size / 2), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def captions_from_transcript(paragraphs: list[str], duration: float) -> str:
    """WebVTT cues, one per sentence, timed over `duration` by sentence length."""
    sentences = [
        sentence.strip()
        for paragraph in paragraphs
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph)
        if sentence.strip()
    ]
    total = sum(len(sentence) for sentence in sentences) or 1
    lines = ["WEBVTT", ""]
    start = 0.0
    for number, sentence in enumerate(sentences, start=1):
        end = start + duration * len(sentence) / total
        lines += [
            str(number),
            f"{_timestamp(start)} --> {_timestamp(end)}",
            sentence,
            "",
        ]
        start = end
    return "\n".join(lines)


def slides_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines of text (Helvetica, Latin-1)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text_ops = ["BT", "/F1 28 Tf", "60 500 Td", f"({escape(title)}) Tj", "/F1 16 Tf"]
    for line in lines:
        text_ops += ["0 -34 Td", f"({escape(line)}) Tj"]
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return output.getvalue()
