"""A fake resolver and the validity checks every converted body passes."""

import json
import re
from html.parser import HTMLParser

from django.core.files.base import ContentFile

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.documents import get_document_model
from wagtail.models import Page

from pages.blocks import ResourceStreamBlock
from pages.blocks.stream import PARAGRAPH_FEATURES
from plone_import.convert import Conversion, convert_html, convert_volto
from tests.factories import make_image

SITE = "https://plone.example.se"
CALLOUT_FEATURES = ["bold", "italic", "ul", "ol", "link"]
TAGS = {"p", "b", "i", "ul", "ol", "li", "a"}


class FakeResolver:
    """Answers from dicts, as the importer's resolver will from its index of
    the Plone site; the ids are real rows in the test database."""

    def __init__(self, page: int, document: int, image: int):
        self.page, self.document, self.image = page, document, image
        self.pages = {
            f"{SITE}/trygghet/samverkan": page,
            "/trygghet/samverkan": page,
            "resolveuid/a1b2c3": page,
            "../resolveuid/a1b2c3": page,
        }
        self.documents = {
            f"{SITE}/filer/handbok.pdf": document,
            "resolveuid/d0c": document,
            f"{SITE}/filer/intern.pdf": document,
        }
        self.document_urls = {
            f"{SITE}/filer/handbok.pdf": "https://cms.example.se/documents/1/handbok.pdf"
        }
        self.images = {f"{SITE}/bilder/mote.jpg": image, "resolveuid/b1ld": image}

    def page_id(self, url: str) -> int | None:
        return self.pages.get(url)

    def document_id(self, url: str) -> int | None:
        return self.documents.get(url)

    def document_url(self, url: str) -> str | None:
        return self.document_urls.get(url)

    def image_id(self, url: str) -> int | None:
        return self.images.get(url)

    def is_internal(self, url: str) -> bool:
        return url.startswith(SITE)


def make_resolver() -> FakeResolver:
    document = get_document_model()(title="Handbok")
    document.file.save("handbok.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    page = Page.get_first_root_node()
    return FakeResolver(page=page.pk, document=document.pk, image=make_image().pk)


def volto(resolver, *blocks: dict) -> Conversion:
    """Volto blocks, laid out in the order given, converted and checked."""
    ids = [f"block-{number}" for number in range(len(blocks))]
    result = convert_volto(
        dict(zip(ids, blocks, strict=True)), {"items": ids}, resolver
    )
    assert_valid(result)
    return result


def html(resolver, markup: str) -> Conversion:
    result = convert_html({"data": markup, "content-type": "text/html"}, resolver)
    assert_valid(result)
    return result


def assert_valid(result: object) -> None:
    """The result has the promised shape and its blocks load and validate in
    our real stream block; rich text holds only what its features allow and
    opens in the editor."""
    assert isinstance(result, Conversion)
    for lines in (result.problems, result.videos, result.links):
        assert isinstance(lines, list)
        assert all(isinstance(line, str) and line for line in lines)
    json.dumps(result.blocks)
    stream = ResourceStreamBlock(required=False)
    stream.clean(stream.to_python(result.blocks))
    for block in result.blocks:
        if block["type"] == "paragraph":
            assert_rich_text(block["value"], PARAGRAPH_FEATURES)
        elif block["type"] == "callout":
            assert_rich_text(block["value"]["text"], CALLOUT_FEATURES)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_rich_text(value: str, features: list[str]) -> None:
    parser = _Tags()
    parser.feed(value)
    parser.close()
    linktypes = {"page"} | ({"document"} if "document-link" in features else set())
    for tag, attrs in parser.found:
        assert tag in TAGS, value
        if tag == "a":
            external = set(attrs) == {"href"} and attrs["href"].startswith(
                ("https://", "http://", "mailto:", "tel:")
            )
            internal = (
                set(attrs) == {"linktype", "id"} and attrs["linktype"] in linktypes
            )
            assert external or (internal and attrs["id"].isdigit()), value
        else:
            assert attrs == {}, value
    # The editor opens it and saves back the same text and links (it may
    # split a numbered list around a nested bulleted one, so not byte for byte).
    editor = ContentstateConverter(features)
    saved = editor.to_database_format(editor.from_database_format(value))
    assert re.sub(r"<[^>]*>", "", saved) == re.sub(r"<[^>]*>", "", value)
    assert re.findall(r"<a [^>]*>", saved) == re.findall(r"<a [^>]*>", value)
