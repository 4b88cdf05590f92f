"""The inline text both converters parse into, and text helpers.

Slate nodes, draft-js ranges and HTML elements all become these few nodes;
the stream builder (stream.py) writes them as Wagtail rich text.
"""

import re
from dataclasses import dataclass, field, replace

# Deeper nesting than this is read as plain text: real bodies are shallow, and
# a pathological one must not exhaust the stack.
MAX_DEPTH = 40
_QUOTED_LENGTH = 120  # how much of a URL or text a report line quotes

# NUL and other control characters (PostgreSQL's jsonb refuses \u0000) and
# lone surrogates (not encodable as UTF-8), which JSON may carry.
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Break:
    """A line break: a new <p> in a paragraph, a space in a list item."""


@dataclass(frozen=True)
class Mark:
    tag: str  # "b" or "i"
    children: tuple


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple


Inline = Text | Break | Mark | Link
BREAK = Break()


@dataclass
class ListItem:
    inlines: list[Inline]
    sublists: list["RichList"] = field(default_factory=list)


@dataclass
class RichList:
    ordered: bool
    items: list[ListItem]


def clean_text(value: object) -> str:
    """`value` without characters a database or browser refuses; '' if not a str."""
    return _UNSAFE.sub("", value) if isinstance(value, str) else ""


def text_inlines(value: object) -> list[Inline]:
    """Text with its line breaks as Break nodes."""
    lines = clean_text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    nodes: list[Inline] = []
    for number, line in enumerate(lines):
        if number:
            nodes.append(BREAK)
        if line:
            nodes.append(Text(line))
    return nodes


def plain_text(nodes, line_break: str = " ") -> str:
    """The text of inline nodes, links and marks left out."""
    parts = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Break):
            parts.append(line_break)
        else:
            parts.append(plain_text(node.children, line_break))
    return "".join(parts)


def link_urls(nodes) -> list[str]:
    urls = []
    for node in nodes:
        if isinstance(node, Link):
            urls.append(node.url)
        if isinstance(node, Mark | Link):
            urls.extend(link_urls(node.children))
    return urls


def split_lines(nodes) -> list[list[Inline]]:
    """Inline nodes cut at their breaks, marks and links repeated on each side."""
    lines: list[list[Inline]] = [[]]
    for node in nodes:
        if isinstance(node, Break):
            lines.append([])
        elif isinstance(node, Text):
            lines[-1].append(node)
        else:
            first, *rest = split_lines(node.children)
            lines[-1].append(replace(node, children=tuple(first)))
            lines.extend([replace(node, children=tuple(part))] for part in rest)
    return lines


def collapse_spaces(nodes) -> list[Inline]:
    """Inline nodes with each run of whitespace as one space, also across
    marks and links; breaks are spaces too."""
    after_space = True  # so that leading whitespace goes too

    def collapse(nodes) -> list[Inline]:
        nonlocal after_space
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Text | Break):
                text = _SPACES.sub(" ", node.text if isinstance(node, Text) else " ")
                if after_space:
                    text = text.lstrip(" ")
                if text:
                    after_space = text.endswith(" ")
                    out.append(Text(text))
            else:
                out.append(replace(node, children=tuple(collapse(node.children))))
        return out

    return collapse(nodes)


def squash(text: str) -> str:
    """Whitespace runs as one space, none at the ends."""
    return " ".join(text.split())


def cut_at_word(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut after a whole word with '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():
        head = cut.rpartition(" ")[0]
        cut = head if head.strip() else cut
    return cut.rstrip() + "…"


def quoted(text: str) -> str:
    """A URL or text short enough for a report line."""
    return cut_at_word(squash(clean_text(text)), _QUOTED_LENGTH)


def normal_url(url: object) -> str:
    text = clean_text(url).strip()
    return "https:" + text if text.startswith("//") else text
