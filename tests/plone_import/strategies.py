"""Hypothesis strategies: anything JSON can carry, and Volto blocks and HTML
close enough to the real thing to reach every converter, with junk mixed in."""

from hypothesis import strategies as st

from tests.plone_import.support import SITE

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)
# Wrong shapes where a field is expected: one strategy, so that maybe() gives
# the right shape three times in four.
junk = st.sampled_from([None, 0, -1, True, "x", "", [], [None], {}, {"x": 1}])


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(strategy, strategy, strategy, junk)


texts = st.text(max_size=12) | st.sampled_from(["", " ", "\n", "😀 x", "a & <b>"])
urls = st.sampled_from(
    [
        f"{SITE}/trygghet/samverkan",
        f"{SITE}/filer/handbok.pdf",
        f"{SITE}/filer/intern.pdf",
        f"{SITE}/bilder/mote.jpg",
        f"{SITE}/okand",
        "resolveuid/a1b2c3",
        "../resolveuid/okand",
        "https://bra.se/?a=1&b=2",
        "//youtu.be/x",
        "mailto:a@example.se",
        "javascript:alert(1)",
        "#ankare",
        "",
    ]
) | st.text(max_size=8)

slate_nodes = st.recursive(
    st.fixed_dictionaries({"text": texts}, optional={"bold": st.booleans()}),
    lambda children: st.fixed_dictionaries(
        {
            "type": st.sampled_from(
                [
                    "p",
                    "h1",
                    "h3",
                    "ul",
                    "ol",
                    "li",
                    "blockquote",
                    "strong",
                    "em",
                    "u",
                    "sup",
                    "link",
                    "a",
                    "br",
                    "div",
                    "okänd",
                ]
            ),  # fmt: skip
            "children": maybe(st.lists(children, min_size=1, max_size=4)),
            "data": maybe(st.fixed_dictionaries({"url": urls})),
        }
    ),
    max_leaves=20,
)
slate_values = maybe(st.lists(slate_nodes, max_size=4))
_ranges = maybe(
    st.lists(
        st.fixed_dictionaries(
            {
                "offset": st.integers(-1, 14),
                "length": st.integers(-1, 14),
                "style": st.sampled_from(["BOLD", "ITALIC", "CODE"]),
                "key": maybe(st.integers(0, 2)),
            }
        ),
        max_size=3,
    )
)
draft_blocks = st.lists(
    maybe(
        st.fixed_dictionaries(
            {
                "text": texts,
                "type": st.sampled_from(
                    [
                        "unstyled",
                        "header-two",
                        "header-four",
                        "blockquote",
                        "unordered-list-item",
                        "ordered-list-item",
                        "atomic",
                    ]
                ),  # fmt: skip
                "depth": maybe(st.integers(-1, 4)),
                "inlineStyleRanges": _ranges,
                "entityRanges": _ranges,
            }
        )
    ),
    max_size=5,
)
entity_map = st.dictionaries(
    st.sampled_from(["0", "1", "2"]),
    maybe(
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["LINK", "IMAGE"]),
                "data": st.fixed_dictionaries({"url": urls}),
            }
        )
    ),
)
table_rows = st.lists(
    maybe(
        st.fixed_dictionaries(
            {"cells": maybe(st.lists(st.fixed_dictionaries({"value": slate_values})))}
        )
    ),
    max_size=3,
)
teaser_targets = st.lists(
    st.fixed_dictionaries({"@id": urls, "title": texts, "description": texts}),
    max_size=2,
)


def _block(kind: str, **fields) -> st.SearchStrategy:
    return st.fixed_dictionaries({"@type": st.just(kind), **fields})


volto_blocks = st.one_of(
    _block("slate", value=slate_values, plaintext=texts),
    _block(
        "text",
        text=maybe(
            st.fixed_dictionaries({"blocks": draft_blocks, "entityMap": entity_map})
        ),
    ),
    _block("image", url=maybe(urls), alt=maybe(texts), caption=texts, href=urls),
    _block("teaser", href=maybe(teaser_targets), title=texts),
    _block("video", url=maybe(urls)),
    _block("slateTable", table=maybe(st.fixed_dictionaries({"rows": table_rows}))),
    _block("listing", headline=texts),
    _block("html", html=texts | st.just("<p>x<script>y</script>")),
    _block("title"),
    _block(
        "gridBlock",
        blocks=st.dictionaries(
            st.sampled_from(["a", "b"]), _block("slate", value=slate_values)
        ),
        blocks_layout=st.fixed_dictionaries(
            {"items": st.lists(st.sampled_from(["a", "b", "c"]))}
        ),
    ),
    json_values,
)
html_text = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<b>",
            "</i>",
            "<ul>",
            "<li>",
            "</ul>",
            "<ol>",
            "<div>",
            "<table><tr><td>",
            "</td><td>",
            "<blockquote>",
            "<cite>",
            "<figure>",
            "<figcaption>",
            f"<a href='{SITE}/filer/handbok.pdf'>",
            "<a href='/x'>",
            f"<a href='{SITE}/trygghet/samverkan'>",
            f"<a href='{SITE}/okand'>",
            "<a href='javascript:1'>",
            "<a href='#a'>",
            "</a>",
            "<h2>",
            "<h5>",
            "<img src=x>",
            f"<img src='{SITE}/bilder/mote.jpg' alt=a>",
            "<iframe src=//youtu.be/x>",
            "<iframe src=https://karta.se>",
            "<video src=v.mp4>",
            "<script>",
            "<style>",
            "<br>",
            "<hr>",
            "<!--",
            "<![CDATA[",
            "<!DOCTYPE html>",
            "&amp;",
            "&#0;",
            "\x00",
            " ",
            "\n",
            "text",
            "<",
        ]
    )  # fmt: skip
    | st.text(max_size=8),
    max_size=25,
).map("".join)
