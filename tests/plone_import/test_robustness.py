"""Bodies of any shape: what cannot be converted becomes a marked callout and
a report line, and nothing raises."""

import pytest
from bs4.builder import ParserRejectedMarkup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plone_import import html as plone_html
from plone_import.convert import convert_html, convert_volto
from tests.plone_import.strategies import html_text, json_values, volto_blocks
from tests.plone_import.support import SITE, assert_valid, make_resolver, volto

pytestmark = pytest.mark.django_db

MARKED = "Kunde inte konverteras från Plone: "


@pytest.fixture
def resolver():
    return make_resolver()


def callouts(result) -> list[dict]:
    return [block["value"] for block in result.blocks if block["type"] == "callout"]


@pytest.mark.parametrize(
    "block, kind, text",
    [
        ({"@type": "listing", "querystring": {}}, "listing", "En automatisk lista"),
        ({"@type": "search", "headline": "Sök material"}, "search", "Sök material"),
        ({"@type": "toc"}, "toc", "innehållsförteckning"),
        ({"@type": "maps", "url": "https://karta.example.se/x"}, "maps", "karta"),
        ({"@type": "html", "html": "<p>Egen <b>kod</b></p>"}, "html", "Egen"),
        ({"@type": "nyheter", "plaintext": "Senaste nytt"}, "nyheter", "Senaste nytt"),
    ],
)
def test_unsupported_blocks_become_marked_callouts(resolver, block, kind, text):
    result = volto(resolver, block)
    [callout] = callouts(result)
    assert callout["title"] == MARKED + kind
    assert text in callout["text"]
    assert len(result.problems) == 1 and kind in result.problems[0]


def test_slate_tables_list_their_rows_with_links(resolver):
    cell = [
        {
            "type": "p",
            "children": [
                {
                    "type": "link",
                    "data": {"url": f"{SITE}/trygghet/samverkan"},
                    "children": [{"text": "Samverkan"}],
                }
            ],
        }
    ]
    table = {
        "@type": "slateTable",
        "table": {
            "rows": [
                {"cells": [{"type": "header", "value": [{"text": "Vad"}]}]},
                {"cells": [{"type": "data", "value": cell}, {"value": None}]},
            ]
        },
    }
    [callout] = callouts(volto(resolver, table))
    assert callout["text"] == (
        f'<ul><li>Vad</li><li><a linktype="page" id="{resolver.page}">Samverkan</a>'
        "</li></ul>"
    )


def test_draft_js_tables_list_their_rows(resolver):
    cell = {"blocks": [{"text": "Polisen", "type": "unstyled"}], "entityMap": {}}
    table = {"@type": "table", "table": {"rows": [{"cells": [{"value": cell}] * 2}]}}
    [callout] = callouts(volto(resolver, table))
    assert callout == {
        "title": MARKED + "table",
        "text": "<ul><li>Polisen | Polisen</li></ul>",
    }


def test_layout_id_without_a_block_leaves_a_marked_callout(resolver):
    result = convert_volto({}, {"items": ["finns-inte"]}, resolver)
    assert_valid(result)
    assert callouts(result)[0]["title"] == MARKED + "saknat block"
    assert "finns-inte" in result.problems[0]


@pytest.mark.parametrize(
    "block",
    [
        None,
        "bara text",
        ["en", "lista"],
        {},
        {"@type": None},
        {"@type": "slate"},
        {"@type": "slate", "value": "inte en lista", "plaintext": "Texten"},
        {"@type": "slate", "value": [{"type": "p"}]},
        {"@type": "slate", "value": [{"type": "p", "children": None}]},
        {"@type": "slate", "value": [None, 5, {"type": 7, "children": []}]},
        {"@type": "text", "text": None},
        {"@type": "image"},
        {"@type": "image", "url": None, "alt": None},
        {"@type": "teaser", "href": []},
        {"@type": "teaser", "href": [{"title": "utan @id"}]},
        {"@type": "video", "url": ""},
        {"@type": "table", "table": {"rows": None}},
    ],
)
def test_malformed_blocks_leave_a_marked_callout_and_a_problem(resolver, block):
    result = volto(resolver, block)
    assert result.problems
    assert any(callout["title"].startswith(MARKED) for callout in callouts(result))


def test_slate_nodes_without_children_do_not_take_the_good_ones_along(resolver):
    result = volto(
        resolver,
        {
            "@type": "slate",
            "value": [
                {"type": "p", "children": [{"text": "Bra stycke."}]},
                {"type": "p", "text": "trasigt"},
            ],
        },
    )
    assert result.blocks[0] == {"type": "paragraph", "value": "<p>Bra stycke.</p>"}
    assert callouts(result)[0]["text"] == "<p>trasigt</p>"


@pytest.mark.parametrize(
    "blocks, layout",
    [
        (None, None),
        ("blocks", {"items": []}),
        ({"a": None}, None),
        ({"a": {"@type": "slate", "value": None}}, {"items": None}),
        ({}, {"items": [None, 5, ["x"], {"id": "a"}]}),
        ({"a": {"@type": "title"}}, {"items": ["a", "a"]}),
    ],
)
def test_none_and_wrong_types_everywhere_are_reported_not_raised(
    resolver, blocks, layout
):
    result = convert_volto(blocks, layout, resolver)
    assert_valid(result)
    assert result.problems


def test_missing_layout_falls_back_to_the_blocks_own_order(resolver):
    blocks = {
        "a": {"@type": "slate", "value": [{"type": "h2", "children": [{"text": "A"}]}]}
    }
    result = convert_volto(blocks, None, resolver)
    assert_valid(result)
    assert result.blocks == [{"type": "heading", "value": {"text": "A", "level": "h2"}}]
    assert "Blockordningen saknas" in result.problems[0]


def test_deep_nesting_is_flattened_not_a_crash(resolver):
    node: dict = {"text": "djupt"}
    for _level in range(5000):
        node = {"type": "strong", "children": [node]}
    result = volto(
        resolver, {"@type": "slate", "value": [{"type": "p", "children": [node]}]}
    )
    assert "djupt" in result.blocks[0]["value"]
    deep_html = "<div>" * 3000 + "<p>djupt</p>" + "</div>" * 3000
    result = convert_html(deep_html, resolver)
    assert_valid(result)
    assert "djupt" in result.blocks[0]["value"]


def test_control_characters_and_lone_surrogates_are_removed(resolver):
    result = volto(
        resolver,
        {
            "@type": "slate",
            "value": [{"type": "p", "children": [{"text": "a\x00b\ud800c"}]}],
        },
    )
    assert result.blocks[0]["value"] == "<p>abc</p>"


def test_html_the_parser_rejects_falls_back_to_its_text(resolver, monkeypatch):
    def reject(*args, **kwargs):
        raise ParserRejectedMarkup("kan inte läsas")

    monkeypatch.setattr(plone_html, "BeautifulSoup", reject)
    result = convert_html("<p>Hej <b>du</b></p>", resolver)
    assert_valid(result)
    assert result.blocks == [{"type": "paragraph", "value": "<p>Hej du</p>"}]
    assert "gick inte att läsa" in result.problems[0]


def test_unreadable_html_is_reported(resolver):
    result = convert_html({"data": 42}, resolver)
    assert_valid(result)
    assert result.blocks == [] and len(result.problems) == 1


robust = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@robust
@given(blocks=json_values, layout=json_values)
def test_any_json_never_raises_and_gives_valid_blocks(resolver, blocks, layout):
    assert_valid(convert_volto(blocks, layout, resolver))
    assert_valid(convert_html(blocks, resolver))


@robust
@given(blocks=st.dictionaries(st.text(max_size=3), volto_blocks, max_size=5))
def test_volto_shaped_blocks_never_raise_and_give_valid_blocks(resolver, blocks):
    assert_valid(convert_volto(blocks, {"items": list(blocks)}, resolver))


@robust
@given(markup=html_text)
def test_any_html_never_raises_and_gives_valid_blocks(resolver, markup):
    assert_valid(convert_html({"data": markup}, resolver))
