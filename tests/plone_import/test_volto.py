"""Volto blocks become our stream's blocks, in blocks_layout's order."""

import pytest

from plone_import.convert import convert_volto
from tests.plone_import.support import SITE, assert_valid, make_resolver, volto

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolver():
    return make_resolver()


def slate(*nodes: dict, plaintext: str = "") -> dict:
    return {"@type": "slate", "value": list(nodes), "plaintext": plaintext}


def p(*children) -> dict:
    return {"type": "p", "children": [_node(child) for child in children]}


def _node(child) -> dict:
    return {"text": child} if isinstance(child, str) else child


def el(node_type: str, *children, **extra) -> dict:
    return {"type": node_type, "children": [_node(c) for c in children], **extra}


def test_blocks_follow_the_layout_not_the_dict_order(resolver):
    blocks = {
        "second": slate(el("h2", "Andra")),
        "first": slate(el("h2", "Första")),
        "orphan": slate(el("h2", "Visas inte i Volto")),
    }
    result = convert_volto(blocks, {"items": ["first", "second"]}, resolver)
    assert_valid(result)
    assert [block["value"]["text"] for block in result.blocks] == ["Första", "Andra"]
    assert result.problems == []


def test_title_and_description_blocks_are_skipped_silently(resolver):
    result = volto(
        resolver,
        {"@type": "title"},
        {"@type": "description"},
        slate(p("Brödtext.")),
    )
    assert result.blocks == [{"type": "paragraph", "value": "<p>Brödtext.</p>"}]
    assert result.problems == []


def test_consecutive_paragraph_blocks_merge_into_one_paragraph(resolver):
    result = volto(
        resolver,
        slate(p("Ett.")),
        slate(p("Två."), el("ul", el("li", "punkt"))),
        slate(el("h3", "Rubrik")),
        slate(p("Tre.")),
    )
    assert [block["type"] for block in result.blocks] == [
        "paragraph",
        "heading",
        "paragraph",
    ]
    assert result.blocks[0]["value"] == (
        "<p>Ett.</p><p>Två.</p><ul><li>punkt</li></ul>"
    )


@pytest.mark.parametrize(
    "tag, level",
    [("h1", "h2"), ("h2", "h2"), ("h3", "h3"), ("h4", "h3"), ("h6", "h3")],
)
def test_heading_levels_map_to_h2_and_h3(resolver, tag, level):
    result = volto(resolver, slate(el(tag, "Vad gör vi?")))
    assert result.blocks == [
        {"type": "heading", "value": {"text": "Vad gör vi?", "level": level}}
    ]


def test_bold_and_italic_survive_and_other_marks_keep_their_text(resolver):
    result = volto(
        resolver,
        slate(
            p(
                el("strong", "fet"),
                " ",
                el("em", "kursiv"),
                " ",
                el("u", "understruken"),
                " H",
                el("sub", "2"),
                "O",
            )
        ),
    )
    assert result.blocks[0]["value"] == (
        "<p><b>fet</b> <i>kursiv</i> understruken H2O</p>"
    )


def test_nested_lists_keep_their_nesting(resolver):
    result = volto(
        resolver,
        slate(
            el(
                "ol",
                el(
                    "li",
                    "Ring",
                    el("ul", el("li", "polisen"), el("li", "socialtjänsten")),
                ),
                el("li", "Skriv ner"),
            )
        ),
    )
    assert result.blocks[0]["value"] == (
        "<ol><li>Ring<ul><li>polisen</li><li>socialtjänsten</li></ul></li>"
        "<li>Skriv ner</li></ol>"
    )


def test_line_breaks_split_a_paragraph(resolver):
    result = volto(resolver, slate(p("Rad ett", el("br"), "rad två\nrad tre")))
    assert result.blocks[0]["value"] == "<p>Rad ett</p><p>rad två</p><p>rad tre</p>"


def test_blockquote_becomes_a_quote_block(resolver):
    result = volto(
        resolver, slate(el("blockquote", "Vi måste ", el("strong", "samverka")))
    )
    assert result.blocks == [
        {"type": "quote", "value": {"quote": "Vi måste samverka", "attribution": ""}}
    ]


def test_links_in_slate_resolve_to_pages_documents_and_external_urls(resolver):
    result = volto(
        resolver,
        slate(
            p(
                el("link", "sida", data={"url": f"{SITE}/trygghet/samverkan"}),
                " ",
                el("link", "handbok", data={"url": f"{SITE}/filer/handbok.pdf"}),
                " ",
                el("link", "BRÅ", data={"url": "https://bra.se/"}),
            )
        ),
    )
    assert result.blocks[0]["value"] == (
        f'<p><a linktype="page" id="{resolver.page}">sida</a> '
        f'<a linktype="document" id="{resolver.document}">handbok</a> '
        '<a href="https://bra.se/">BRÅ</a></p>'
    )
    assert result.links == [f"{SITE}/trygghet/samverkan", f"{SITE}/filer/handbok.pdf"]


def test_older_slate_link_forms_are_read(resolver):
    internal = {"link": {"internal": {"internal_link": [{"@id": "resolveuid/a1b2c3"}]}}}
    email = {"link": {"email": {"email_address": "info@example.se"}}}
    result = volto(
        resolver,
        slate(p(el("a", "intern", data=internal), " ", el("a", "mejla", data=email))),
    )
    assert result.blocks[0]["value"] == (
        f'<p><a linktype="page" id="{resolver.page}">intern</a> '
        '<a href="mailto:info@example.se">mejla</a></p>'
    )


def test_image_block_becomes_a_figure_with_its_alt_text(resolver):
    result = volto(
        resolver,
        {"@type": "image", "url": f"{SITE}/bilder/mote.jpg", "alt": "Två i samtal"},
    )
    assert result.blocks == [
        {
            "type": "figure",
            "value": {
                "image": {
                    "image": resolver.image,
                    "alt_text": "Två i samtal",
                    "decorative": False,
                },
                "caption": "",
            },
        }
    ]
    assert result.links == [f"{SITE}/bilder/mote.jpg"]


def test_image_without_alt_is_decorative_and_reported(resolver):
    result = volto(resolver, {"@type": "image", "url": "resolveuid/b1ld", "alt": ""})
    assert result.blocks[0]["value"]["image"]["decorative"] is True
    assert "saknade alternativtext" in result.problems[0]


def test_unresolvable_image_is_reported_and_left_out(resolver):
    result = volto(resolver, {"@type": "image", "url": f"{SITE}/bilder/borta.jpg"})
    assert result.blocks == []
    assert result.problems == [
        f"Bilden {SITE}/bilder/borta.jpg finns inte bland de importerade bilderna "
        "och togs inte med."
    ]


def test_teaser_becomes_a_link_to_the_page_and_its_description(resolver):
    target = {
        "@id": f"{SITE}/trygghet/samverkan",
        "title": "Samverkan",
        "description": "Så arbetar vi tillsammans.",
    }
    result = volto(resolver, {"@type": "teaser", "href": [target]})
    assert result.blocks == [
        {
            "type": "paragraph",
            "value": f'<p><a linktype="page" id="{resolver.page}">Samverkan</a></p>'
            "<p>Så arbetar vi tillsammans.</p>",
        }
    ]


def test_teaser_own_title_wins_over_the_items(resolver):
    target = {"@id": "resolveuid/a1b2c3", "title": "Gammal titel"}
    result = volto(resolver, {"@type": "teaser", "href": [target], "title": "Läs mer"})
    assert ">Läs mer</a>" in result.blocks[0]["value"]


def test_video_block_is_collected_not_emitted(resolver):
    result = volto(
        resolver,
        {"@type": "video", "url": "https://www.youtube.com/watch?v=abc"},
    )
    assert result.blocks == []
    assert result.videos == ["https://www.youtube.com/watch?v=abc"]


def test_legacy_draft_js_text_block_is_converted(resolver):
    text = {
        "blocks": [
            {"text": "Rubrik", "type": "header-two"},
            {
                "text": "Fet 😀 länk",
                "type": "unstyled",
                "inlineStyleRanges": [{"offset": 0, "length": 3, "style": "BOLD"}],
                # UTF-16 offsets: the emoji counts twice.
                "entityRanges": [{"offset": 7, "length": 4, "key": 0}],
            },
            {"text": "ett", "type": "unordered-list-item", "depth": 0},
            {"text": "under", "type": "unordered-list-item", "depth": 1},
        ],
        "entityMap": {"0": {"type": "LINK", "data": {"url": "https://bra.se/"}}},
    }
    result = volto(resolver, {"@type": "text", "text": text})
    assert result.blocks == [
        {"type": "heading", "value": {"text": "Rubrik", "level": "h2"}},
        {
            "type": "paragraph",
            "value": '<p><b>Fet</b> 😀 <a href="https://bra.se/">länk</a></p>'
            "<ul><li>ett<ul><li>under</li></ul></li></ul>",
        },
    ]


def test_grid_blocks_are_flattened_with_a_report_line(resolver):
    grid = {
        "@type": "gridBlock",
        "blocks": {"x": slate(p("I rutnätet."))},
        "blocks_layout": {"items": ["x"]},
    }
    result = volto(resolver, grid)
    assert result.blocks == [{"type": "paragraph", "value": "<p>I rutnätet.</p>"}]
    assert "grupperade andra block" in result.problems[0]


def test_older_grids_keep_their_blocks_in_columns(resolver):
    grid = {"@type": "__grid", "columns": [slate(p("Vänster")), slate(p("Höger"))]}
    result = volto(resolver, grid)
    assert result.blocks == [
        {"type": "paragraph", "value": "<p>Vänster</p><p>Höger</p>"}
    ]


def test_a_list_right_inside_a_list_joins_the_item_before(resolver):
    result = volto(
        resolver, slate(el("ul", el("li", "Ett"), el("ol", el("li", "under"))))
    )
    assert result.blocks[0]["value"] == "<ul><li>Ett<ol><li>under</li></ol></li></ul>"


def test_image_url_as_an_object_browser_list_is_read(resolver):
    result = volto(
        resolver,
        {"@type": "image", "url": [{"@id": "resolveuid/b1ld"}], "alt": "Bild"},
    )
    assert result.blocks[0]["value"]["image"]["image"] == resolver.image


def test_long_caption_is_cut_and_reported(resolver):
    caption = "Ord " * 100
    result = volto(
        resolver,
        {"@type": "image", "url": "resolveuid/b1ld", "alt": "Bild", "caption": caption},
    )
    assert len(result.blocks[0]["value"]["caption"]) <= 250
    assert "Bildtexten" in result.problems[0]
