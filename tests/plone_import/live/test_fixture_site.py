"""The live Plone fixture site is what the importer's tests rely on, read
back through plone.restapi as the importer reads it."""

import datetime
from zoneinfo import ZoneInfo

from tests.plone_env.live import LivePlone
from tests.plone_import.live.conftest import (
    IMAGE_BLOCK,
    LIST_ITEMS,
    MAPS_BLOCK,
    PARAGRAPH_BLOCK,
    TEASER_BLOCK,
    VIDEO_BLOCK,
    VIDEO_ONLY_VIDEO,
    VOLTO_VIDEO,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Every key of the shared spec: its portal_type, its path under /Plone,
# and its review state (None: Images and Files have no workflow).
EXPECTED = {
    "folder_trygghet": ("Folder", "sv/trygghet", "published"),
    "folder_belysning": ("Folder", "sv/trygghet/belysning", "published"),
    "image_gangvag": ("Image", "sv/trygghet/belysning/gangvag.png", None),
    "doc_volto": ("Document", "sv/trygghet/belysning/trygghetsvandring", "published"),
    "doc_classic": ("Document", "sv/trygghet/lagesbild", "published"),
    "news_item": ("News Item", "sv/trygghet/ny-overenskommelse", "published"),
    "link_bra": ("Link", "sv/trygghet/bra", "published"),
    "file_checklista": ("File", "sv/trygghet/checklista.pdf", None),
    "doc_private": ("Document", "sv/trygghet/utkast-samverkan", "private"),
    "doc_expired": ("Document", "sv/trygghet/gammal-kampanj", "published"),
    "doc_video_only": ("Document", "sv/trygghet/film-om-trygghet", "published"),
    "doc_translated_sv": ("Document", "sv/trygghet/om-arbetet", "published"),
    "folder_stod": ("Folder", "sv/stod", "published"),
    "doc_translated_en": ("Document", "en/about", "published"),
}


def search(plone: LivePlone, anonymous: bool = False, **query) -> list[dict]:
    params = {
        "b_size": "100",
        "metadata_fields": ["UID", "review_state", "portal_type"],
        **query,
    }
    response = plone.request("GET", "@search", params=params, anonymous=anonymous)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_search_as_admin_finds_every_item_with_its_type_and_state(live_plone):
    found = {item["UID"]: item for item in search(live_plone)}
    assert set(live_plone.items) == set(EXPECTED)
    for key, (portal_type, path, state) in EXPECTED.items():
        item = live_plone.items[key]
        assert item.path == f"/Plone/{path}", key
        assert item.url == live_plone.site_url + f"/{path}", key
        assert item.portal_type == portal_type, key
        assert found[item.uid]["@id"] == item.url, key
        assert found[item.uid]["@type"] == portal_type, key
        assert found[item.uid]["review_state"] == state, key


def test_the_volto_document_has_its_blocks_with_links_resolved(live_plone):
    items = live_plone.items
    document = live_plone.get("doc_volto")
    blocks = document["blocks"]
    types = [blocks[id]["@type"] for id in document["blocks_layout"]["items"]]
    assert types == [
        "title",
        "slate",
        "slate",
        "slate",
        "image",
        "teaser",
        "video",
        "maps",
    ]
    paragraph = blocks[PARAGRAPH_BLOCK]["value"][0]
    assert {"type": "strong", "children": [{"text": "trygghetsvandring"}]} in (
        paragraph["children"]
    )
    [link] = [child for child in paragraph["children"] if child.get("type") == "link"]
    # Stored as ../resolveuid/<uid>; plone.restapi serializes the target's URL.
    assert link["data"]["url"] == items["doc_classic"].url
    bullets = blocks[document["blocks_layout"]["items"][3]]["value"][0]
    assert bullets["type"] == "ul"
    assert [li["children"][0]["text"] for li in bullets["children"]] == list(LIST_ITEMS)
    assert blocks[IMAGE_BLOCK]["url"] == items["image_gangvag"].url
    assert blocks[TEASER_BLOCK]["href"][0]["@id"] == items["news_item"].url
    assert blocks[VIDEO_BLOCK]["url"] == VOLTO_VIDEO
    assert blocks[MAPS_BLOCK]["title"] == "Karta över vandringen"
    assert document["text"] is None
    assert document["subjects"] == [
        "Bygg och fastighet",
        "Trygghetsvandring",
        "Okänt nyckelord",
    ]
    # plone.restapi serializes in UTC: 09:00 in Stockholm is 08:00 in winter.
    assert document["effective"] == "2024-03-01T08:00:00+00:00"


def test_the_video_only_document_holds_a_title_and_one_video(live_plone):
    document = live_plone.get("doc_video_only")
    blocks = [document["blocks"][id] for id in document["blocks_layout"]["items"]]
    assert blocks == [
        {"@type": "title"},
        {"@type": "video", "url": VIDEO_ONLY_VIDEO},
    ]


def test_the_classic_document_links_to_the_volto_one_the_image_and_the_file(
    live_plone,
):
    items = live_plone.items
    document = live_plone.get("doc_classic")
    assert document["blocks"] in ({}, None)
    html = document["text"]["data"]
    assert "<h2>" in html and "<strong>" in html and "<ul>" in html
    assert f'href="{items["doc_volto"].url}"' in html
    assert f'src="{items["image_gangvag"].url}/@@images/' in html
    assert f'href="{items["file_checklista"].url}"' in html
    assert document["subjects"] == ["Socialtjänst"]


def test_image_and_file_are_real_and_downloadable(live_plone):
    image = live_plone.get("image_gangvag")
    assert image["title"] == "Belysning vid gångväg"
    assert image["description"] == "En upplyst gångväg mellan två hus på kvällen."
    assert (image["image"]["width"], image["image"]["height"]) == (40, 30)
    png = live_plone.request("GET", image["image"]["download"])
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    document = live_plone.get("file_checklista")
    pdf = live_plone.request("GET", document["file"]["download"])
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf.content.rstrip().endswith(b"%%EOF")


def in_stockholm(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value).astimezone(STOCKHOLM)


def test_link_news_and_expired_document_carry_their_dates_and_targets(live_plone):
    midnight = datetime.time(0, 0)
    assert live_plone.get("link_bra")["remoteUrl"] == "https://bra.se/"
    news = live_plone.get("news_item")
    assert "<strong>" in news["text"]["data"]
    effective = in_stockholm(news["effective"])
    assert (effective.date(), effective.time()) == (
        datetime.date(2024, 9, 10),
        midnight,
    )
    classic = in_stockholm(live_plone.get("doc_classic")["effective"])
    assert (classic.date(), classic.time()) == (datetime.date(2024, 5, 15), midnight)
    expires = in_stockholm(live_plone.get("doc_expired")["expires"])
    assert (expires.date(), expires.time()) == (datetime.date(2025, 1, 31), midnight)
    assert expires < datetime.datetime.now(STOCKHOLM)


def test_the_english_document_is_the_translation_of_the_swedish_one(live_plone):
    items = live_plone.items
    english = live_plone.call("GET", f"{items['doc_translated_en'].url}/@translations")
    assert english["items"] == [
        {"@id": items["doc_translated_sv"].url, "language": "sv"}
    ]
    assert live_plone.get("doc_translated_en")["language"]["token"] == "en"
    assert live_plone.get("doc_translated_sv")["language"]["token"] == "sv"


def test_anonymous_cannot_see_the_private_document(live_plone):
    private = live_plone.items["doc_private"]
    response = live_plone.request("GET", private.url, anonymous=True)
    assert response.status_code == 401
    published = live_plone.request(
        "GET", live_plone.items["doc_classic"].url, anonymous=True
    )
    assert published.status_code == 200
    seen = {item["UID"] for item in search(live_plone, anonymous=True)}
    assert live_plone.items["doc_classic"].uid in seen
    assert private.uid not in seen


def test_patch_changes_the_field_and_the_modification_date(live_plone):
    """On an item of its own, deleted after: the fixture's items stay as
    the importer's tests left them."""
    live_plone.add(
        "patch_probe", "/Plone", **{"@type": "Document"}, id="patch-probe", title="Före"
    )
    try:
        before = live_plone.get("patch_probe")
        after = live_plone.patch("patch_probe", title="Efter")
        assert after["title"] == "Efter"
        assert after["modified"] > before["modified"]
    finally:
        live_plone.call("DELETE", live_plone.items.pop("patch_probe").url)
    gone = live_plone.request("GET", "/Plone/patch-probe")
    assert gone.status_code == 404
