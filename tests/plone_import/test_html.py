"""Classic Plone rich text (HTML) becomes our stream's blocks."""

import pytest

from plone_import.convert import convert_html
from tests.plone_import.support import SITE, assert_valid, html, make_resolver

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolver():
    return make_resolver()


def test_headings_map_to_h2_and_h3(resolver):
    result = html(resolver, "<h1>Ett</h1><h2>Två</h2><h3>Tre</h3><h5>Fem</h5>")
    assert [(b["value"]["text"], b["value"]["level"]) for b in result.blocks] == [
        ("Ett", "h2"),
        ("Två", "h2"),
        ("Tre", "h3"),
        ("Fem", "h3"),
    ]


def test_paragraphs_lists_and_loose_text_merge_into_one_paragraph(resolver):
    result = html(
        resolver,
        "<p>Ett.</p>\n<div>I en div.</div> Lös text.<ul><li>punkt</li></ul><h2>R</h2>"
        "<p>Efter.</p>",
    )
    assert result.blocks == [
        {
            "type": "paragraph",
            "value": "<p>Ett.</p><p>I en div.</p><p>Lös text.</p>"
            "<ul><li>punkt</li></ul>",
        },
        {"type": "heading", "value": {"text": "R", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Efter.</p>"},
    ]


def test_bold_and_italic_are_kept_and_other_markup_dropped(resolver):
    result = html(
        resolver,
        '<p><strong>fet</strong> <em>kursiv</em> <span class="x">span</span> '
        '<u>under</u> <font color="red">färg</font></p>',
    )
    assert result.blocks[0]["value"] == (
        "<p><b>fet</b> <i>kursiv</i> span under färg</p>"
    )


def test_nested_lists_keep_their_nesting(resolver):
    result = html(
        resolver,
        "<ul><li>Ett<ol><li>a</li><li>b</li></ol></li><li><p>Två</p></li></ul>",
    )
    assert result.blocks[0]["value"] == (
        "<ul><li>Ett<ol><li>a</li><li>b</li></ol></li><li>Två</li></ul>"
    )


def test_a_list_directly_inside_a_list_joins_the_item_before(resolver):
    result = html(resolver, "<ul><li>Ett</li><ul><li>under</li></ul></ul>")
    assert result.blocks[0]["value"] == ("<ul><li>Ett<ul><li>under</li></ul></li></ul>")


def test_blockquote_becomes_a_quote_with_its_attribution(resolver):
    result = html(
        resolver,
        "<blockquote><p>Första "
        "raden.</p><p>Andra.</p><cite>Polisen</cite></blockquote>",
    )
    assert result.blocks == [
        {
            "type": "quote",
            "value": {"quote": "Första raden.\nAndra.", "attribution": "Polisen"},
        }
    ]


def test_images_become_figures_after_the_paragraph_they_were_in(resolver):
    result = html(
        resolver,
        f'<p>Före <img src="{SITE}/bilder/mote.jpg" alt="Ett möte"> efter.</p>'
        '<img src="resolveuid/b1ld" alt="Bild"><p>Sist.</p>',
    )
    assert [block["type"] for block in result.blocks] == [
        "paragraph",
        "figure",
        "figure",
        "paragraph",
    ]
    assert result.blocks[0]["value"] == "<p>Före efter.</p>"
    assert result.blocks[1]["value"]["image"]["alt_text"] == "Ett möte"
    assert result.blocks[2]["value"]["image"]["alt_text"] == "Bild"


def test_image_the_resolver_does_not_know_is_reported(resolver):
    result = html(resolver, '<p><img src="resolveuid/okand/@@images/image"></p>')
    assert result.blocks == []
    assert result.problems == [
        "Bilden resolveuid/okand/@@images/image finns inte bland de importerade "
        "bilderna och togs inte med."
    ]


def test_figure_caption_is_kept(resolver):
    result = html(
        resolver,
        f'<figure><img src="{SITE}/bilder/mote.jpg" alt="Ett möte">'
        "<figcaption>Samtal i <b>skolan</b></figcaption></figure>",
    )
    assert result.blocks == [
        {
            "type": "figure",
            "value": {
                "image": {
                    "image": resolver.image,
                    "alt_text": "Ett möte",
                    "decorative": False,
                },
                "caption": "Samtal i skolan",
            },
        }
    ]


def test_links_to_files_become_document_links(resolver):
    result = html(
        resolver,
        f'<p>Läs <a href="{SITE}/filer/handbok.pdf">handboken</a> och '
        '<a href="resolveuid/d0c">den igen</a>.</p>',
    )
    assert result.blocks[0]["value"] == (
        f'<p>Läs <a linktype="document" id="{resolver.document}">handboken</a> och '
        f'<a linktype="document" id="{resolver.document}">den igen</a>.</p>'
    )


def test_table_becomes_a_marked_callout_with_its_rows(resolver):
    result = html(
        resolver,
        "<table><tr><th>Vem</th><th>Telefon</th></tr>"
        "<tr><td>Polisen</td><td><b>114 14</b></td></tr></table>",
    )
    assert result.blocks == [
        {
            "type": "callout",
            "value": {
                "title": "Kunde inte konverteras från Plone: table",
                "text": "<ul><li>Vem | Telefon</li>"
                "<li>Polisen | <b>114 14</b></li></ul>",
            },
        }
    ]
    assert "tabell" in result.problems[0]


def test_scripts_and_styles_are_dropped_and_reported(resolver):
    result = html(
        resolver,
        "<p>Text</p><script>alert('x')</script><style>p{color:red}</style>"
        "<p>inline<script>evil()</script></p>",
    )
    assert result.blocks == [{"type": "paragraph", "value": "<p>Text</p><p>inline</p>"}]
    assert result.problems == [
        "Ett skript (script) togs bort ur brödtexten.",
        "En stilmall (style) togs bort ur brödtexten.",
    ]


def test_video_iframes_are_collected_and_other_iframes_marked(resolver):
    result = html(
        resolver,
        '<iframe src="//player.vimeo.com/video/1"></iframe>'
        '<iframe src="https://karta.example.se/embed"></iframe>',
    )
    assert result.videos == ["https://player.vimeo.com/video/1"]
    assert result.blocks == [
        {
            "type": "callout",
            "value": {
                "title": "Kunde inte konverteras från Plone: iframe",
                "text": "<p>https://karta.example.se/embed</p>",
            },
        }
    ]
    assert len(result.problems) == 1


def test_long_heading_is_cut_at_a_word_and_reported(resolver):
    heading = "Så här " + "arbetar kommunen tillsammans med polisen " * 5
    result = html(resolver, f"<h2>{heading}</h2>")
    text = result.blocks[0]["value"]["text"]
    kept = text.removesuffix("…")
    assert len(text) <= 120 and text.endswith("…")
    assert heading.startswith(kept) and heading[len(kept)] == " "
    assert "kortades" in result.problems[0]


def test_malformed_html_is_read_as_well_as_it_can_be(resolver):
    result = html(
        resolver,
        "<p>Öppen <b>fet <i>båda</p><li>lös punkt<div><p>Sista",
    )
    text = " ".join(str(block["value"]) for block in result.blocks)
    for words in ("Öppen", "fet", "båda", "lös punkt", "Sista"):
        assert words in text


def test_entities_and_special_characters_are_escaped(resolver):
    result = html(resolver, "<p>A &amp; B &lt;script&gt; “citat” &nbsp;</p>")
    assert result.blocks[0]["value"] == "<p>A &amp; B &lt;script&gt; “citat”</p>"


def test_empty_paragraphs_leave_nothing(resolver):
    result = html(resolver, "<p>&nbsp;</p><p> </p><div><br></div>")
    assert result.blocks == []
    assert result.problems == []


@pytest.mark.parametrize("value", [None, "", {"data": None}, {"content-type": "x"}])
def test_missing_text_gives_an_empty_body(resolver, value):
    result = convert_html(value, resolver)
    assert_valid(result)
    assert result.blocks == [] and result.problems == []


def test_plain_string_is_accepted_as_html(resolver):
    result = convert_html("<p>Hej</p>", resolver)
    assert result.blocks == [{"type": "paragraph", "value": "<p>Hej</p>"}]
