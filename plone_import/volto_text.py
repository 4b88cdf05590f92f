"""Volto's two text formats read into inline nodes: Slate (the `slate` block,
table cells) and draft-js (the older `text` block).

Pure functions of JSON of any shape: what does not fit is left out, never
raised on.
"""

from bisect import bisect_left

from .inline import (
    BREAK,
    MAX_DEPTH,
    Inline,
    Link,
    ListItem,
    Mark,
    RichList,
    clean_text,
    squash,
    text_inlines,
)

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
DRAFT_HEADINGS = {
    "header-one": 1,
    "header-two": 2,
    "header-three": 3,
    "header-four": 4,
    "header-five": 5,
    "header-six": 6,
}
DRAFT_LISTS = {"unordered-list-item": False, "ordered-list-item": True}
_BOLD = {"strong", "b"}
_ITALIC = {"em", "i"}
_LINKS = {"link", "a"}
# Block-level Slate elements met inside running text: a line break around them.
_BLOCKISH = {*HEADINGS, "p", "div", "blockquote", "li", "ul", "ol"}
_DRAFT_STYLES = {"BOLD": "b", "ITALIC": "i"}


def dig(value: object, *path: str | int) -> object:
    """value[path[0]][path[1]]…, or None where the shape does not fit."""
    for step in path:
        if isinstance(step, str) and isinstance(value, dict):
            value = value.get(step)
        elif isinstance(step, int) and isinstance(value, list) and len(value) > step:
            value = value[step]
        else:
            return None
    return value


def number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def collected_text(value: object) -> str:
    """Every string under a "text" key, in order, one a line (Slate leaves,
    draft-js blocks)."""
    parts, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            text = item.get("text")
            if isinstance(text, str):
                parts.append(text)
            rest = [
                v for k, v in item.items() if not (k == "text" and isinstance(v, str))
            ]
            stack.extend(reversed(rest))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    lines = (squash(clean_text(part)) for part in parts)
    return "\n".join(line for line in lines if line)


# Slate


def slate_inlines(nodes: object, depth: int = 0) -> list[Inline]:
    """Slate nodes as running text: marks, links and the text of the rest."""
    if not isinstance(nodes, list):
        return []
    if depth > MAX_DEPTH:
        return text_inlines(collected_text(nodes))
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, str):
            out.extend(text_inlines(node))
            continue
        if not isinstance(node, dict):
            continue
        node_type = node.get("type")
        if not isinstance(node_type, str) or not node_type:
            out.extend(_leaf(node))
            continue
        children = slate_inlines(node.get("children"), depth + 1)
        if node_type in _BOLD or node_type in _ITALIC:
            out.append(Mark("b" if node_type in _BOLD else "i", tuple(children)))
        elif node_type in _LINKS:
            url = slate_url(node)
            out.extend([Link(url, tuple(children))] if url else children)
        elif node_type == "br":
            out.append(BREAK)
        elif node_type in _BLOCKISH:
            out.extend([BREAK, *children, BREAK])
        else:  # u, sub, sup, del, code, span…: their text only
            out.extend(children)
    return out


def slate_list(node: dict, depth: int = 0) -> RichList:
    """A Slate ul/ol; a list inside an li, or right inside the list after
    an li, is that item's sublist."""
    ordered = node.get("type") == "ol"
    children = node.get("children")
    children = children if isinstance(children, list) else []
    if depth > MAX_DEPTH:
        return RichList(ordered, [ListItem(text_inlines(collected_text(children)))])
    items: list[ListItem] = []
    for child in children:
        child_type = child.get("type") if isinstance(child, dict) else None
        if child_type in ("ul", "ol"):
            sub = slate_list(child, depth + 1)
            if items:
                items[-1].sublists.append(sub)
            else:
                items.append(ListItem([], [sub]))
        elif child_type == "li":
            parts = child.get("children")
            item = ListItem([])
            for part in parts if isinstance(parts, list) else []:
                if isinstance(part, dict) and part.get("type") in ("ul", "ol"):
                    item.sublists.append(slate_list(part, depth + 1))
                else:
                    item.inlines.extend(slate_inlines([part], depth + 1))
            items.append(item)
        else:
            items.append(ListItem(slate_inlines([child], depth + 1)))
    return RichList(ordered, items)


def slate_url(node: dict) -> str:
    """A Slate link's target: data.url, or the older data.link forms."""
    for candidate in (
        dig(node, "data", "url"),
        node.get("url"),
        dig(node, "data", "link", "internal", "internal_link", 0, "@id"),
        dig(node, "data", "link", "external", "external_link"),
    ):
        if isinstance(candidate, str) and candidate.strip():
            return candidate
    email = dig(node, "data", "link", "email", "email_address")
    return f"mailto:{email}" if isinstance(email, str) and email.strip() else ""


def _leaf(node: dict) -> list[Inline]:
    """A Slate text leaf, with the marks some editors put on leaves."""
    nodes = text_inlines(node.get("text"))
    if node.get("bold") is True or node.get("strong") is True:
        nodes = [Mark("b", tuple(nodes))]
    if node.get("italic") is True or node.get("em") is True:
        nodes = [Mark("i", tuple(nodes))]
    return nodes


# Draft-js


def draft_inlines(draft: dict, entities: dict) -> list[Inline]:
    """A draft-js block's text with its bold, italic and links.

    Draft-js counts offsets in UTF-16 code units, as JavaScript does.
    """
    text = clean_text(draft.get("text"))
    starts, unit = [], 0
    for char in text:
        starts.append(unit)
        unit += 2 if ord(char) > 0xFFFF else 1
    marks: list[frozenset[str]] = [frozenset()] * len(text)
    urls = [""] * len(text)
    for span, indexes in _spans(draft.get("inlineStyleRanges"), starts):
        tag = _DRAFT_STYLES.get(span.get("style"), "")
        for index in indexes if tag else ():
            marks[index] = marks[index] | {tag}
    for span, indexes in _spans(draft.get("entityRanges"), starts):
        key = span.get("key")
        entity = entities.get(str(key)) if isinstance(key, int | str) else None
        url = dig(entity, "data", "url") or dig(entity, "data", "href")
        if dig(entity, "type") == "LINK" and isinstance(url, str):
            for index in indexes:
                urls[index] = url
    out: list[Inline] = []
    start = 0
    for end in range(1, len(text) + 1):
        if end < len(text) and (urls[end], marks[end]) == (urls[start], marks[start]):
            continue
        nodes = text_inlines(text[start:end])
        for tag in sorted(marks[start]):
            nodes = [Mark(tag, tuple(nodes))]
        url = urls[start]
        if url and out and isinstance(out[-1], Link) and out[-1].url == url:
            out[-1] = Link(url, out[-1].children + tuple(nodes))
        elif url:
            out.append(Link(url, tuple(nodes)))
        else:
            out.extend(nodes)
        start = end
    return out


def _spans(ranges: object, starts: list[int]):
    """(range, indexes of the characters it covers) for each well-formed range."""
    for span in ranges if isinstance(ranges, list) else []:
        offset, length = number(dig(span, "offset")), number(dig(span, "length"))
        if offset is not None and length is not None and length > 0:
            first = bisect_left(starts, offset)
            yield span, range(first, bisect_left(starts, offset + length))


def draft_lists(entries: list[tuple[int, bool, list[Inline]]]) -> list[RichList]:
    """Draft-js list items, (depth, ordered, text) each, as nested lists."""
    roots: list[RichList] = []
    open_lists: list[RichList] = []  # the list open at each depth
    for wanted, ordered, inlines in entries:
        depth = min(max(wanted, 0), len(open_lists))
        del open_lists[depth + 1 :]
        if len(open_lists) == depth or open_lists[depth].ordered != ordered:
            fresh = RichList(ordered, [])
            if depth:
                open_lists[depth - 1].items[-1].sublists.append(fresh)
            else:
                roots.append(fresh)
            del open_lists[depth:]
            open_lists.append(fresh)
        open_lists[depth].items.append(ListItem(inlines))
    return roots
