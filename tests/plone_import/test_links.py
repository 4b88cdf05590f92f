"""Every link goes through the resolver: internal pages and documents get
Wagtail's link types, external addresses stay, unsafe ones go."""

import pytest

from tests.plone_import.support import SITE, html, make_resolver, volto

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolver():
    return make_resolver()


def paragraph(result) -> str:
    assert [block["type"] for block in result.blocks] == ["paragraph"]
    return result.blocks[0]["value"]


@pytest.mark.parametrize(
    "href",
    [
        f"{SITE}/trygghet/samverkan",
        "/trygghet/samverkan",
        "resolveuid/a1b2c3",
        "../resolveuid/a1b2c3",
    ],
)
def test_plone_page_urls_become_page_links(resolver, href):
    result = html(resolver, f'<p><a href="{href}">Samverkan</a></p>')
    assert paragraph(result) == (
        f'<p><a linktype="page" id="{resolver.page}">Samverkan</a></p>'
    )
    assert result.links == [href]
    assert result.problems == []


@pytest.mark.parametrize(
    "href",
    [
        "https://bra.se/publikationer",
        "http://example.org/",
        "mailto:trygghet@example.se",
        "tel:+4631123456",
    ],
)
def test_external_addresses_are_kept_as_they_are(resolver, href):
    result = html(resolver, f'<p><a href="{href}">där</a></p>')
    assert paragraph(result) == f'<p><a href="{href}">där</a></p>'
    assert result.links == [] and result.problems == []


def test_hrefs_and_text_are_escaped(resolver):
    link = '<p><a href="https://example.org/?a=1&amp;b=&quot;2&quot;">'
    result = html(resolver, f"{link}A &amp; &lt;B&gt;</a></p>")
    assert paragraph(result) == f"{link}A &amp; &lt;B&gt;</a></p>"


def test_protocol_relative_links_get_https(resolver):
    result = html(resolver, '<p><a href="//bra.se/x">BRÅ</a></p>')
    assert paragraph(result) == '<p><a href="https://bra.se/x">BRÅ</a></p>'


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JaVa\tScript:alert(1)", "data:text/html,x", "file:///etc"],
)
def test_unsafe_schemes_are_dropped_keeping_the_text(resolver, href):
    result = html(resolver, f'<p>Klicka <a href="{href}">här</a>.</p>')
    assert paragraph(result) == "<p>Klicka här.</p>"
    assert len(result.problems) == 1
    assert "togs bort" in result.problems[0]


def test_unknown_internal_url_is_kept_absolute_and_reported(resolver):
    url = f"{SITE}/gammalt/borttaget"
    result = html(resolver, f'<p><a href="{url}">gammal sida</a></p>')
    assert paragraph(result) == f'<p><a href="{url}">gammal sida</a></p>'
    assert result.links == [url]
    assert result.problems == [
        f"Länken {url} går till Plone-webbplatsen men till inget som importerats; "
        "adressen behölls."
    ]


def test_unknown_relative_url_keeps_only_its_text(resolver):
    result = html(resolver, '<p><a href="resolveuid/okand">okänd</a></p>')
    assert paragraph(result) == "<p>okänd</p>"
    assert result.links == ["resolveuid/okand"]
    assert "resolveuid/okand" in result.problems[0]


def test_anchor_links_keep_only_their_text(resolver):
    result = html(resolver, '<p><a href="#avsnitt">Längre ner</a></p>')
    assert paragraph(result) == "<p>Längre ner</p>"
    assert "samma sida" in result.problems[0]


def test_links_without_text_or_href_leave_no_link(resolver):
    result = html(
        resolver,
        '<p>Före<a href="https://bra.se/"> </a><a name="ankare">ankare</a></p>',
    )
    assert paragraph(result) == "<p>Före ankare</p>"


def test_a_link_inside_a_link_keeps_the_outer_one(resolver):
    result = volto(
        resolver,
        {
            "@type": "slate",
            "value": [
                {
                    "type": "p",
                    "children": [
                        {
                            "type": "link",
                            "data": {"url": "https://bra.se/"},
                            "children": [
                                {"text": "yttre "},
                                {
                                    "type": "link",
                                    "data": {"url": "https://polisen.se/"},
                                    "children": [{"text": "inre"}],
                                },
                            ],
                        }
                    ],
                }
            ],
        },
    )
    assert paragraph(result) == '<p><a href="https://bra.se/">yttre inre</a></p>'


def test_document_links_in_a_callout_use_the_public_url(resolver):
    result = html(
        resolver,
        f'<table><tr><td><a href="{SITE}/filer/handbok.pdf">Handbok</a></td>'
        f'<td><a href="{SITE}/filer/intern.pdf">Intern</a></td>'
        f'<td><a href="{SITE}/trygghet/samverkan">Sida</a></td></tr></table>',
    )
    callout = result.blocks[0]["value"]["text"]
    assert callout == (
        '<ul><li><a href="https://cms.example.se/documents/1/handbok.pdf">Handbok</a>'
        f' | Intern | <a linktype="page" id="{resolver.page}">Sida</a></li></ul>'
    )
    assert any("kan inte ligga i en faktaruta" in line for line in result.problems)


def test_a_link_in_a_heading_is_dropped_and_reported(resolver):
    result = html(resolver, f'<h2><a href="{SITE}/trygghet/samverkan">Rubrik</a></h2>')
    assert result.blocks == [
        {"type": "heading", "value": {"text": "Rubrik", "level": "h2"}}
    ]
    assert result.links == [f"{SITE}/trygghet/samverkan"]
    assert "rubrik" in result.problems[0]


def test_every_internal_url_is_listed_once(resolver):
    result = volto(
        resolver,
        {
            "@type": "slate",
            "value": [
                {
                    "type": "p",
                    "children": [
                        {
                            "type": "link",
                            "data": {"url": url},
                            "children": [{"text": "x"}],
                        }
                        for url in (
                            f"{SITE}/trygghet/samverkan",
                            f"{SITE}/okand",
                            f"{SITE}/trygghet/samverkan",
                            "https://bra.se/",
                        )
                    ],
                }
            ],
        },
        {"@type": "image", "url": f"{SITE}/bilder/mote.jpg", "alt": "Möte"},
    )
    assert result.links == [
        f"{SITE}/trygghet/samverkan",
        f"{SITE}/okand",
        f"{SITE}/bilder/mote.jpg",
    ]
