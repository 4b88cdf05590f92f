"""Classic Plone rich text (an item's `text` field, HTML) to our stream."""

import re
import warnings
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.builder import ParserRejectedMarkup
from bs4.element import NavigableString, PreformattedString, Tag

from .inline import (
    BREAK,
    MAX_DEPTH,
    Inline,
    Link,
    ListItem,
    Mark,
    RichList,
    Text,
    clean_text,
    normal_url,
    plain_text,
    quoted,
    squash,
    text_inlines,
)
from .interface import Conversion, Resolver
from .stream import StreamBuilder

# Iframes from these hosts are videos: the importer decides what they become.
VIDEO_HOSTS = (
    "youtube.com",
    "youtube-nocookie.com",
    "youtu.be",
    "vimeo.com",
    "dailymotion.com",
    "screen9.com",
    "qbrick.com",
)

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_PARAGRAPHS = {"p", "pre", "address", "dt", "dd", "summary", "caption", "legend"}
_CONTAINERS = {
    *("html", "body", "div", "section", "article", "main", "header", "footer"),
    *("aside", "nav", "center", "form", "fieldset", "details", "dl", "hgroup"),
}
# Block-level elements met inside a paragraph or list item: a line break
# before and after their text.
_BLOCKISH = {
    *_HEADINGS,
    *_PARAGRAPHS,
    *_CONTAINERS,
    *("blockquote", "li", "tr", "figure", "figcaption", "hr"),
}
_BOLD = {"b", "strong"}
_ITALIC = {"i", "em"}
# Dropped without a word: they hold no body text.
_SILENT = {"head", "title", "meta", "link", "base", "noscript", "template"}
_SILENT |= {"input", "select", "textarea", "button"}
# Embedded things: a figure, a video or a marked callout each.
_EMBEDS = {"img", "table", "iframe", "video", "audio", "object", "embed", "svg"}
_EMBEDS |= {"math", "canvas"}
# Handled as blocks of their own, also when met inside running text.
_BLOCKS = {*_HEADINGS, *_PARAGRAPHS, *_EMBEDS, "ul", "ol", "blockquote", "figure"}
_BLOCKS |= {"script", "style"}
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


def convert_html(html: object, resolver: Resolver) -> Conversion:
    """Classic rich text to raw StreamField data; never raises on bad input.

    `html` is plone.restapi's rich text value, {"data": ..., "content-type":
    ...}, or a string. "data" is the field's HTML output whatever
    "content-type" (the source format) says.
    """
    builder = StreamBuilder(resolver)
    markup = html.get("data") if isinstance(html, dict) else html
    if markup is None:
        return builder.result()
    if not isinstance(markup, str):
        builder.problem(_("Brödtexten hade ett okänt format och fördes inte över."))
        return builder.result()
    soup = parse(markup)
    if soup is None:
        builder.problem(
            _("Brödtextens HTML gick inte att läsa; bara texten fördes över.")
        )
        builder.paragraph(text_inlines(re.sub(r"<[^>]*>", " ", markup)))
        return builder.result()
    walker = _Walker(builder)
    walker.children(soup, 0)
    walker.flush()
    return builder.result()


def parse(markup: str) -> BeautifulSoup | None:
    """The parsed tree of `markup`, or None when the parser gives up on it."""
    with warnings.catch_warnings():
        # Short texts that look like a file name or URL are fine here.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(clean_text(markup), "html.parser")
        except ParserRejectedMarkup:
            return None


def markup_text(markup: object) -> str:
    """The text of an HTML fragment, its pieces on lines of their own."""
    soup = parse(markup) if isinstance(markup, str) else None
    return soup.get_text("\n") if soup is not None else ""


def is_video_url(url: str) -> bool:
    """Whether `url` is on a known video host."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host == known or host.endswith("." + known) for known in VIDEO_HOSTS)


def _attribute(tag: Tag, name: str) -> str:
    value = tag.get(name)
    return clean_text(" ".join(value) if isinstance(value, list) else value)


class _Walker:
    """Walks the parsed HTML, block by block.

    Text outside any block element gathers in `loose` until a block comes.
    Images, tables and the like inside running text wait in `deferred` and
    become blocks right after the paragraph they were in.
    """

    def __init__(self, builder: StreamBuilder):
        self.b = builder
        self.loose: list[Inline] = []
        self.deferred: list[tuple[Tag, int]] = []

    def flush(self) -> None:
        self.b.paragraph(self.loose)
        self.loose = []
        while self.deferred:
            self.block(*self.deferred.pop(0))

    def children(self, parent: Tag, depth: int) -> None:
        for node in parent.children:
            if isinstance(node, Tag):
                self.node(node, depth)
            elif _is_text(node):
                self.loose.append(_text(node))

    def node(self, tag: Tag, depth: int) -> None:
        name = tag.name.lower()
        if depth > MAX_DEPTH:
            self.loose.extend(text_inlines(squash(tag.get_text(" "))))
        elif name in _CONTAINERS:
            self.flush()
            self.children(tag, depth + 1)
            self.flush()
        elif name == "br":
            self.loose.append(BREAK)
        elif name == "hr":
            self.flush()
        elif name in _SILENT:
            return
        elif name in _BLOCKS:
            self.flush()
            self.block(tag, depth)
            self.flush()
        else:
            self.loose.extend(self.inlines([tag], depth))

    def block(self, tag: Tag, depth: int) -> None:
        name = tag.name.lower()
        if name in _HEADINGS:
            self.b.heading(self.inlines(tag.children, depth + 1), _HEADINGS[name])
        elif name in _PARAGRAPHS:
            self.b.paragraph(self.inlines(tag.children, depth + 1))
        elif name in ("ul", "ol"):
            self.b.rich_list(self.rich_list(tag, depth + 1))
        elif name == "blockquote":
            self.quote(tag, depth + 1)
        elif name == "figure":
            self.figure(tag, depth + 1)
        elif name == "img":
            self.b.figure(_attribute(tag, "src"), _attribute(tag, "alt"))
        elif name == "table":
            self.table(tag, depth + 1)
        elif name == "iframe":
            self.iframe(tag)
        elif name == "script":
            self.b.problem(_("Ett skript (script) togs bort ur brödtexten."))
        elif name == "style":
            self.b.problem(_("En stilmall (style) togs bort ur brödtexten."))
        else:  # the other _EMBEDS
            source = _attribute(tag, "src") or _attribute(tag, "data")
            self.b.unconvertible(
                name,
                _(
                    "Ett inbäddat element (%(tag)s) kunde inte föras över och "
                    "ligger nu i en markerad faktaruta."
                )
                % {"tag": name},
                text="\n".join(filter(None, [squash(tag.get_text(" ")), source])),
                fallback=_("Ett inbäddat element utan text."),
            )

    def inlines(self, nodes, depth: int, lists: list | None = None) -> list[Inline]:
        """The running text of `nodes`. Lists among them go to `lists` when
        given (a list item's sublists), else wait in `deferred` as blocks do."""
        out: list[Inline] = []
        for node in nodes:
            if not isinstance(node, Tag):
                if _is_text(node):
                    out.append(_text(node))
                continue
            name = node.name.lower()
            if depth > MAX_DEPTH:
                out.extend(text_inlines(squash(node.get_text(" "))))
            elif name in _BOLD or name in _ITALIC:
                children = self.inlines(node.children, depth + 1, lists)
                out.append(Mark("b" if name in _BOLD else "i", tuple(children)))
            elif name == "a":
                children = self.inlines(node.children, depth + 1, lists)
                href = _attribute(node, "href")
                out.extend([Link(href, tuple(children))] if href else children)
            elif name == "br":
                out.append(BREAK)
            elif name in ("ul", "ol") and lists is not None:
                lists.append(node)
            elif name in _BLOCKS and name not in _BLOCKISH:
                self.deferred.append((node, depth))
            elif name in _SILENT:
                continue
            elif name in _BLOCKISH:
                children = self.inlines(node.children, depth + 1, lists)
                out.extend([BREAK, *children, BREAK])
            elif name in ("td", "th"):
                children = self.inlines(node.children, depth + 1, lists)
                out.extend([Text(" "), *children])
            else:
                out.extend(self.inlines(node.children, depth + 1, lists))
        return out

    def rich_list(self, tag: Tag, depth: int) -> RichList:
        ordered = tag.name.lower() == "ol"
        if depth > MAX_DEPTH:
            return RichList(
                ordered, [ListItem(text_inlines(squash(tag.get_text(" "))))]
            )
        items: list[ListItem] = []
        for node in tag.children:
            if isinstance(node, Tag) and node.name.lower() in ("ul", "ol"):
                sub = self.rich_list(node, depth + 1)
                if items:
                    items[-1].sublists.append(sub)
                else:
                    items.append(ListItem([], [sub]))
                continue
            nested: list[Tag] = []
            is_item = isinstance(node, Tag) and node.name.lower() == "li"
            inlines = self.inlines(
                node.children if is_item else [node], depth + 1, nested
            )
            sublists = [self.rich_list(sub, depth + 1) for sub in nested]
            if sublists or squash(plain_text(inlines)):
                items.append(ListItem(inlines, sublists))
        return RichList(ordered, items)

    def quote(self, tag: Tag, depth: int) -> None:
        attribution = ""
        for child in tag.find_all(["footer", "cite"], recursive=False):
            attribution = squash(child.get_text(" "))
            child.extract()
        self.b.quote(self.inlines(tag.children, depth + 1), attribution)

    def figure(self, tag: Tag, depth: int) -> None:
        image = tag.find("img")
        caption = tag.find("figcaption")
        if image is not None:
            text = squash(caption.get_text(" ")) if caption is not None else ""
            self.b.figure(_attribute(image, "src"), _attribute(image, "alt"), text)
            image.extract()
            if caption is not None:
                caption.extract()
        self.children(tag, depth + 1)

    def table(self, tag: Tag, depth: int) -> None:
        rows = []
        for row in tag.find_all("tr"):
            if row.find_parent("table") is not tag:
                continue  # a nested table's row: that table is deferred
            line: list[Inline] = []
            for cell in row.find_all(["td", "th"], recursive=False):
                inlines = self.inlines(cell.children, depth + 1)
                if squash(plain_text(inlines)):
                    line.extend([Text(" | "), *inlines] if line else inlines)
            rows.append(line)
        self.b.unconvertible(
            "table",
            _(
                "En tabell kunde inte föras över som tabell; cellernas text "
                "ligger i en markerad faktaruta."
            ),
            rows=rows,
            fallback=_("En tabell utan text."),
        )

    def iframe(self, tag: Tag) -> None:
        source = normal_url(_attribute(tag, "src"))
        if source and is_video_url(source):
            self.b.video(source)
            return
        self.b.unconvertible(
            "iframe",
            _(
                "En inbäddad ram (iframe) från %(url)s kunde inte föras över och "
                "ligger nu i en markerad faktaruta."
            )
            % {"url": quoted(source) or "?"},
            text=source,
            fallback=_("En inbäddad ram utan adress."),
        )


def _is_text(node) -> bool:
    # Comments, doctypes and CDATA are strings too, but not text.
    return isinstance(node, NavigableString) and not isinstance(
        node, PreformattedString
    )


def _text(node: NavigableString) -> Text:
    return Text(_WHITESPACE.sub(" ", clean_text(str(node))))
