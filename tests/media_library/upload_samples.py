"""Upload samples built in code, so no binary fixture is committed."""

import io
import random
import struct
import wave
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def uploaded(name: str, content: bytes, content_type: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content, content_type=content_type or "application/octet-stream"
    )


def png_bytes(width: int = 64, height: int = 48) -> bytes:
    """A real PNG of random pixels (noise keeps it from compressing to nothing)."""
    rng = random.Random(width * 1000 + height)
    image = Image.frombytes(
        "RGB",
        (width, height),
        bytes(rng.randrange(256) for _ in range(width * height * 3)),
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def truncated_png() -> bytes:
    """A PNG whose header is intact but whose pixel data stops half-way."""
    data = png_bytes(128, 128)
    return data[: len(data) // 2]


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims `width`×`height` pixels without holding any of them."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return PNG_SIGNATURE + png_chunk(b"IHDR", ihdr) + png_chunk(b"IEND", b"")


def many_frames_gif(frames: int) -> bytes:
    """An animated GIF of `frames` frames of 1×1 px: 23 bytes a frame, so
    400,000 frames are 9 MB, within the upload size limit."""
    screen = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    control = b"\x21\xf9\x04\x00\x01\x00\x00\x00"  # 1/100 s a frame
    # One pixel of colour 0, LZW-coded: clear (4), 0, end (5) in 3-bit codes.
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    return screen + (control + image) * frames + b"\x3b"


def minimal_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
        }
    )


def odt_bytes(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    return zip_bytes({"mimetype": mimetype, "content.xml": b"<office:document/>"})


def wav_bytes(seconds: float = 0.1, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


def mp3_frame_bytes() -> bytes:
    """An MPEG-1 layer III frame header (128 kbit/s, 44.1 kHz) and silence."""
    return b"\xff\xfb\x90\x00" + b"\x00" * 413


def id3_bytes() -> bytes:
    return b"ID3\x04\x00\x00\x00\x00\x00\x0a" + b"\x00" * 10 + mp3_frame_bytes()


def ftyp_bytes(major: bytes, compatible: tuple[bytes, ...] = ()) -> bytes:
    payload = major + b"\x00\x00\x02\x00" + b"".join(compatible)
    box = struct.pack(">I", 8 + len(payload)) + b"ftyp" + payload
    return box + struct.pack(">I", 8) + b"mdat"


def ogg_bytes(first_packet: bytes) -> bytes:
    """One Ogg page holding `first_packet` (CRC left at zero: sniffing ignores it)."""
    header = b"OggS\x00\x02" + b"\x00" * 8 + b"\x01\x00\x00\x00" + b"\x00" * 8
    return header + bytes([1, len(first_packet)]) + first_packet


def ebml_bytes(doctype: bytes) -> bytes:
    body = b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(body)]) + body


VALID_VTT = (
    "WEBVTT\n"
    "\n"
    "1\n"
    "00:00:00.000 --> 00:00:02.500\n"
    "Välkommen till Trygghetsportalen.\n"
    "\n"
    "00:02.500 --> 00:05.000 line:90%\n"
    "Här finns kunskap om brottsförebyggande arbete.\n"
)
