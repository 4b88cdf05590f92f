"""A live Plone 6.2 for the import tests: `live_plone`, once per session.

A fresh Zope instance in a temporary directory of its own (so runs, and
CI's two passes side by side, never share one), a site made by
tests/plone_env/scripts/create_site.py (plone.restapi, Volto blocks on
Document, plone.app.multilingual for sv and en), served by runwsgi on a
free port; then the fixture content, created through plone.restapi only
(POST, PATCH, @workflow, @translations), as an outside client would. At
the end, also after a failure, the server is stopped and the directory
removed.

The content (build_content) is the contract with the importer's tests:
every item has a key in `LivePlone.items`, the keys and fields of the
shared fixture spec of issue 24. A date given as a day only is that day's midnight in
Stockholm (so the day before in UTC, as plone.restapi serializes it).
"""

import base64
import datetime
import shutil
import struct
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.plone_env.install import installed
from tests.plone_env.instance import PloneInstance, SiteSpec
from tests.plone_env.live import LivePlone

LIVE_DIR = Path(__file__).resolve().parent
FIXTURE_TESTS = "test_fixture_site.py"
USER = "admin"
PASSWORD = "admin"
SITE = SiteSpec(
    id="Plone",
    title="Kommunen (Plone)",
    languages=("sv", "en"),
    timezone="Europe/Stockholm",
    profiles=("plone.restapi:blocks",),
)
STARTUP_TIMEOUT = 300  # seconds

# Volto block ids: fixed, so a failing assertion names the same block in
# every run.
TITLE_BLOCK = "9c2f0e57-6f1a-4f0e-9b1a-000000000001"
PARAGRAPH_BLOCK = "9c2f0e57-6f1a-4f0e-9b1a-000000000002"
HEADING_BLOCK = "9c2f0e57-6f1a-4f0e-9b1a-000000000003"
LIST_BLOCK = "9c2f0e57-6f1a-4f0e-9b1a-000000000004"
IMAGE_BLOCK = "9c2f0e57-6f1a-4f0e-9b1a-000000000005"
TEASER_BLOCK = "9c2f0e57-6f1a-4f0e-9b1a-000000000006"
VIDEO_BLOCK = "9c2f0e57-6f1a-4f0e-9b1a-000000000007"
MAPS_BLOCK = "9c2f0e57-6f1a-4f0e-9b1a-000000000008"
VIDEO_ONLY_TITLE_BLOCK = "9c2f0e57-6f1a-4f0e-9b1a-000000000011"
VIDEO_ONLY_VIDEO_BLOCK = "9c2f0e57-6f1a-4f0e-9b1a-000000000012"

VOLTO_VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIDEO_ONLY_VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
LIST_ITEMS = (
    "Gå tillsammans med boende och fastighetsägare.",
    "Notera mörka platser, skymd sikt och nedskräpning.",
    "Följ upp åtgärderna inom tre månader.",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here `plone`, before the suite-wide conftest
    deselects the tests marked so when Plone is not installed (or fails
    CI).

    The checks of the fixture site (FIXTURE_TESTS) run first among them:
    they see it as built, before any import test changes it in Plone.
    """
    slots = [
        number
        for number, item in enumerate(items)
        if LIVE_DIR in Path(item.path).parents
    ]
    live = [items[number] for number in slots]
    for item in live:
        item.add_marker(pytest.mark.plone)
    live.sort(key=lambda item: Path(item.path).name != FIXTURE_TESTS)
    for number, item in zip(slots, live, strict=True):
        items[number] = item


@pytest.fixture(scope="session")
def live_plone() -> Iterator[LivePlone]:
    """The fixture site, served; stopped and removed at the end."""
    if not installed():
        pytest.fail("Plone is not installed: run make plone")
    directory = Path(tempfile.mkdtemp(prefix="plone-live-"))
    instance = PloneInstance(
        directory, admin=f"{USER}:{PASSWORD}", timezone=SITE.timezone
    )
    try:
        instance.write()
        instance.create_site(SITE)
        instance.start(f"/{SITE.id}", timeout=STARTUP_TIMEOUT)
        plone = LivePlone(f"{instance.base_url}/{SITE.id}", USER, PASSWORD)
        try:
            build_content(plone)
        except Exception as error:
            raise RuntimeError(
                f"{error}\nPlone's log:\n{instance.log_tail()}"
            ) from error
        yield plone
    finally:
        instance.stop()
        shutil.rmtree(directory, ignore_errors=True)


# --- The content --------------------------------------------------------------


def build_content(plone: LivePlone) -> None:
    """The fixture site's items, in an order that lets every link
    name its target's UID (doc_volto and doc_classic link to each other, so
    doc_classic's text comes in a PATCH once doc_volto exists)."""
    sv, en = f"/{SITE.id}/sv", f"/{SITE.id}/en"
    folder(plone, "folder_trygghet", sv, "trygghet", "Trygghetsskapande arbete")
    folder(
        plone,
        "folder_belysning",
        "folder_trygghet",
        "belysning",
        "Belysning och stadsmiljö",
    )
    folder(plone, "folder_stod", sv, "stod", "Stöd till brottsutsatta")
    plone.add(
        "image_gangvag",
        "folder_belysning",
        **{"@type": "Image"},
        id="gangvag.png",
        title="Belysning vid gångväg",
        description="En upplyst gångväg mellan två hus på kvällen.",
        image=upload(png(40, 30), "gangvag.png", "image/png"),
    )
    plone.add(
        "file_checklista",
        "folder_trygghet",
        **{"@type": "File"},
        id="checklista.pdf",
        title="Checklista för trygghetsvandring",
        description="Att skriva ut och ta med på vandringen.",
        file=upload(
            pdf("Checklista for trygghetsvandring"), "checklista.pdf", "application/pdf"
        ),
    )
    plone.add(
        "news_item",
        "folder_trygghet",
        **{"@type": "News Item"},
        id="ny-overenskommelse",
        title="Ny samverkansöverenskommelse med polisen",
        description="Kommunen och lokalpolisområdet har förnyat sin överenskommelse.",
        subjects=["Alla medarbetare"],
        text=rich_text(
            "<p>Kommunen och polisen har skrivit under en ny "
            "<strong>samverkansöverenskommelse</strong> för 2024–2026.</p>"
            "<p>Den gäller trygghet i centrum och kring skolorna.</p>"
        ),
    )
    plone.transition("news_item", "publish", effective=day("2024-09-10"))
    plone.add(
        "link_bra",
        "folder_trygghet",
        **{"@type": "Link"},
        id="bra",
        title="Brottsförebyggande rådet",
        description="Brås webbplats med statistik och kunskap.",
        remoteUrl="https://bra.se/",
        subjects=["Alla medarbetare"],
    )
    plone.transition("link_bra", "publish")
    plone.add(
        "doc_classic",
        "folder_trygghet",
        **{"@type": "Document"},
        id="lagesbild",
        title="Lägesbild för kommunen",
        description="Hur kommunen tar fram och använder en gemensam lägesbild.",
        subjects=["Socialtjänst"],
    )
    plone.add(
        "doc_volto",
        "folder_belysning",
        **{"@type": "Document"},
        id="trygghetsvandring",
        title="Trygghetsvandring i bostadsområdet",
        description=(
            "Så genomför kommunen en trygghetsvandring tillsammans med boende, "
            "polis och fastighetsägare."
        ),
        subjects=["Bygg och fastighet", "Trygghetsvandring", "Okänt nyckelord"],
        **volto_blocks(plone),
    )
    plone.call("PATCH", plone.items["doc_classic"].url, {"text": classic_text(plone)})
    plone.transition("doc_classic", "publish", effective=day("2024-05-15"))
    plone.transition("doc_volto", "publish", effective="2024-03-01T09:00:00+01:00")
    plone.add(
        "doc_private",
        "folder_trygghet",
        **{"@type": "Document"},
        id="utkast-samverkan",
        title="Utkast om samverkan",
        description="Ett utkast som ännu inte är publicerat.",
        subjects=["Chefer"],
        text=rich_text("<p>Utkast: samverkan med civilsamhället.</p>"),
    )
    plone.add(
        "doc_expired",
        "folder_trygghet",
        **{"@type": "Document"},
        id="gammal-kampanj",
        title="Gammal kampanj",
        description="En kampanj som har gått ut.",
        subjects=["Alla medarbetare"],
        text=rich_text("<p>Kampanjen pågick under hösten 2024.</p>"),
    )
    # Published before it expired (the spec names no effective date; without
    # one, publishing would set today's, after the expiry).
    plone.transition(
        "doc_expired",
        "publish",
        effective=day("2024-01-10"),
        expires=day("2025-01-31"),
    )
    plone.add(
        "doc_video_only",
        "folder_trygghet",
        **{"@type": "Document"},
        id="film-om-trygghet",
        title="Film om trygghetsarbete",
        description="En kort film om hur kommunen arbetar med trygghet.",
        blocks={
            VIDEO_ONLY_TITLE_BLOCK: {"@type": "title"},
            VIDEO_ONLY_VIDEO_BLOCK: {"@type": "video", "url": VIDEO_ONLY_VIDEO},
        },
        blocks_layout={"items": [VIDEO_ONLY_TITLE_BLOCK, VIDEO_ONLY_VIDEO_BLOCK]},
    )
    plone.transition("doc_video_only", "publish")
    plone.add(
        "doc_translated_sv",
        "folder_trygghet",
        **{"@type": "Document"},
        id="om-arbetet",
        title="Om brottsförebyggande arbete",
        description="Vad brottsförebyggande arbete är och vem som gör det.",
        subjects=["Alla medarbetare"],
        text=rich_text(
            "<h2>Vad är brottsförebyggande arbete?</h2>"
            "<p>Åtgärder som minskar brottsligheten eller ökar tryggheten.</p>"
        ),
    )
    plone.transition("doc_translated_sv", "publish")
    plone.add(
        "doc_translated_en",
        en,
        **{"@type": "Document"},
        id="about",
        title="About crime prevention work",
        description="What crime prevention work is and who does it.",
        text=rich_text(
            "<h2>What is crime prevention work?</h2>"
            "<p>Measures that reduce crime or increase safety.</p>"
        ),
    )
    plone.transition("doc_translated_en", "publish")
    plone.call(
        "POST",
        f"{plone.items['doc_translated_sv'].url}/@translations",
        {"id": plone.items["doc_translated_en"].url},
    )


def folder(plone: LivePlone, key: str, container: str, id: str, title: str) -> None:
    plone.add(key, container, **{"@type": "Folder"}, id=id, title=title)
    plone.transition(key, "publish")


def volto_blocks(plone: LivePlone) -> dict:
    """doc_volto's blocks: internal links and images by resolveuid, as
    Volto stores them."""
    classic = plone.items["doc_classic"].uid
    image = plone.items["image_gangvag"].uid
    news = plone.items["news_item"]
    paragraph = [
        {"text": "Vid en "},
        {"type": "strong", "children": [{"text": "trygghetsvandring"}]},
        {"text": " går vi runt i området och noterar det som känns otryggt. Läs "},
        {
            "type": "link",
            "data": {"url": f"../resolveuid/{classic}"},
            "children": [{"text": "lägesbilden för kommunen"}],
        },
        {"text": " först."},
    ]
    blocks = {
        TITLE_BLOCK: {"@type": "title"},
        PARAGRAPH_BLOCK: slate(
            {"type": "p", "children": paragraph},
            "Vid en trygghetsvandring går vi runt i området och noterar det som "
            "känns otryggt. Läs lägesbilden för kommunen först.",
        ),
        HEADING_BLOCK: slate(
            {"type": "h2", "children": [{"text": "Så går det till"}]},
            "Så går det till",
        ),
        LIST_BLOCK: slate(
            {
                "type": "ul",
                "children": [
                    {"type": "li", "children": [{"text": text}]} for text in LIST_ITEMS
                ],
            },
            " ".join(LIST_ITEMS),
        ),
        IMAGE_BLOCK: {
            "@type": "image",
            "url": f"../resolveuid/{image}",
            "alt": "Belysning vid gångväg",
            "size": "l",
            "align": "center",
        },
        TEASER_BLOCK: {
            "@type": "teaser",
            "href": [
                {
                    "@id": f"../resolveuid/{news.uid}",
                    "title": "Ny samverkansöverenskommelse med polisen",
                }
            ],
            "title": "Ny samverkansöverenskommelse med polisen",
            "description": "Kommunen och polisen har förnyat sin överenskommelse.",
        },
        VIDEO_BLOCK: {"@type": "video", "url": VOLTO_VIDEO},
        MAPS_BLOCK: {
            "@type": "maps",
            "url": "https://www.google.com/maps/embed?pb=!1m18!1m12",
            "title": "Karta över vandringen",
            "align": "full",
        },
    }
    order = [
        TITLE_BLOCK,
        PARAGRAPH_BLOCK,
        HEADING_BLOCK,
        LIST_BLOCK,
        IMAGE_BLOCK,
        TEASER_BLOCK,
        VIDEO_BLOCK,
        MAPS_BLOCK,
    ]
    return {"blocks": blocks, "blocks_layout": {"items": order}}


def slate(element: dict, plaintext: str) -> dict:
    return {"@type": "slate", "value": [element], "plaintext": plaintext}


def classic_text(plone: LivePlone) -> dict:
    """doc_classic's rich text, with links and an image by resolveuid, as
    TinyMCE stores them."""
    volto = plone.items["doc_volto"].uid
    image = plone.items["image_gangvag"].uid
    checklist = plone.items["file_checklista"].uid
    return rich_text(
        "<h2>Varför en lägesbild?</h2>"
        "<p>En <strong>gemensam lägesbild</strong> visar var och när "
        "otryggheten är störst.</p>"
        "<ul><li>Polisens statistik</li><li>Trygghetsundersökningen</li>"
        "<li>Kommunens egna iakttagelser</li></ul>"
        f'<p>Lägesbilden följs upp med en <a href="resolveuid/{volto}">'
        "trygghetsvandring</a>.</p>"
        f'<p><img src="resolveuid/{image}/@@images/image/large" '
        'alt="Belysning vid gångväg" class="image-richtext image-size-large" /></p>'
        f'<p>Ta med <a href="resolveuid/{checklist}">checklistan</a>.</p>'
    )


def rich_text(html: str) -> dict:
    return {"data": html, "content-type": "text/html", "encoding": "utf-8"}


def upload(data: bytes, filename: str, content_type: str) -> dict:
    return {
        "data": base64.b64encode(data).decode("ascii"),
        "encoding": "base64",
        "filename": filename,
        "content-type": content_type,
    }


def day(date: str) -> str:
    """A day as its midnight in the site's time zone (ISO 8601 with its
    offset), as Plone's date picker sets it."""
    moment = datetime.datetime.fromisoformat(f"{date}T00:00:00")
    return moment.replace(tzinfo=ZoneInfo(SITE.timezone)).isoformat()


def png(width: int, height: int) -> bytes:
    """A real PNG: an 8-bit RGB gradient, built with zlib and struct."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00" + b"".join(bytes((40 + 5 * x, 40 + 6 * y, 120)) for x in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf(text: str) -> bytes:
    """A minimal valid PDF: one A4 page showing `text` (ASCII), with a
    correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
