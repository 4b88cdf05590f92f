"""Volto blocks (plone.restapi's `blocks` and `blocks_layout`) to our stream."""

import reprlib

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .html import markup_text
from .inline import (
    BREAK,
    Inline,
    Text,
    clean_text,
    normal_url,
    plain_text,
    quoted,
    squash,
)
from .interface import Conversion, Resolver
from .stream import StreamBuilder
from .volto_text import (
    DRAFT_HEADINGS,
    DRAFT_LISTS,
    HEADINGS,
    collected_text,
    dig,
    draft_inlines,
    draft_lists,
    number,
    slate_inlines,
    slate_list,
)

# Shown by the page's own fields (title, summary, image) or holding nothing.
SKIPPED = {"title", "description", "leadimage", "separator"}
# Grids inside grids inside grids: deeper than this is a callout.
MAX_NESTING = 5
# What the callout says of a block without text of its own.
_DESCRIPTIONS = {
    "listing": gettext_lazy("En automatisk lista över innehåll från Plone."),
    "search": gettext_lazy("Ett sökformulär med sökresultat."),
    "toc": gettext_lazy("En innehållsförteckning över sidans rubriker."),
    "maps": gettext_lazy("En inbäddad karta."),
    "html": gettext_lazy("Egen HTML-kod utan text."),
    "table": gettext_lazy("En tabell utan text."),
    "slateTable": gettext_lazy("En tabell utan text."),
}


def convert_volto(blocks: object, layout: object, resolver: Resolver) -> Conversion:
    """Volto blocks to raw StreamField data in `layout`'s order; never raises
    on bad input. Blocks the layout leaves out are not shown by Volto either,
    and are left out here."""
    builder = StreamBuilder(resolver)
    _Blocks(builder).walk(blocks, layout, 0)
    return builder.result()


def block_text(block: dict) -> str:
    """A block's own text for its callout: Volto's plaintext, else what the
    block holds."""
    for text in (
        block.get("plaintext"),
        markup_text(block.get("html")),
        collected_text(block),
        block.get("headline"),
    ):
        if squash(clean_text(text)):
            return clean_text(text)
    url = normal_url(block.get("url"))
    return url if url.startswith(("http://", "https://")) else ""


def hrefs(value: object) -> list[str]:
    """The URLs of a Volto link or object-browser field: a string, or
    [{"@id": url}, …]."""
    items = value if isinstance(value, list) else [value]
    urls = []
    for item in items:
        url = normal_url(item.get("@id") if isinstance(item, dict) else item)
        if url:
            urls.append(url)
    return urls


class _Blocks:
    """Walks the blocks in layout order, each to the builder by its type."""

    def __init__(self, builder: StreamBuilder):
        self.b = builder

    def walk(self, blocks: object, layout: object, depth: int) -> None:
        if not isinstance(blocks, dict):
            self.b.problem(
                _("Sidan saknar läsbara Volto-block; inget innehåll fördes över.")
            )
            return
        ids = layout.get("items") if isinstance(layout, dict) else layout
        if not isinstance(ids, list):
            if blocks:
                self.b.problem(
                    _(
                        "Blockordningen saknas; blocken fördes över i den ordning "
                        "de kom."
                    )
                )
            ids = list(blocks)
        seen = set()
        for block_id in ids:
            if not isinstance(block_id, str) or block_id not in blocks:
                shown = (
                    block_id if isinstance(block_id, str) else reprlib.repr(block_id)
                )
                self.b.unconvertible(
                    _("saknat block"),
                    _(
                        "Blocket %(id)s står i blockordningen men finns inte bland "
                        "blocken."
                    )
                    % {"id": quoted(shown)},
                    fallback=_("Blocket fanns inte i Plone-datan."),
                )
            elif block_id in seen:
                self.b.problem(
                    _(
                        "Blocket %(id)s stod två gånger i blockordningen; det togs "
                        "med en gång."
                    )
                    % {"id": quoted(block_id)}
                )
            else:
                seen.add(block_id)
                self.block(block_id, blocks[block_id], depth)

    def block(self, block_id: str, block: object, depth: int) -> None:
        if not isinstance(block, dict):
            self.b.unconvertible(
                _("ogiltigt block"),
                _("Blocket %(id)s är inte ett block utan %(value)s.")
                % {"id": quoted(block_id), "value": quoted(reprlib.repr(block))},
                text=block if isinstance(block, str) else "",
            )
            return
        kind = clean_text(block.get("@type"))
        handler = {
            "slate": self.slate,
            "text": self.draft,
            "image": self.image,
            "teaser": self.teaser,
            "video": self.video,
            "table": self.table,
            "slateTable": self.table,
        }.get(kind)
        if kind.lower() in SKIPPED:
            return
        if handler is not None:
            handler(block_id, kind, block)
        elif not kind:
            self.failed(block_id, kind, block, _("blocket saknar typ (@type)"))
        elif depth < MAX_NESTING and (
            isinstance(block.get("blocks"), dict)
            or isinstance(block.get("columns"), list)
        ):
            self.container(block_id, kind, block, depth)
        else:
            self.failed(block_id, kind, block, _("den blocktypen finns inte här"))

    def failed(self, block_id: str, kind: str, block: dict, reason: str) -> None:
        self.b.unconvertible(
            kind or _("okänd typ"),
            _(
                "Blocket %(id)s (%(type)s) kunde inte konverteras: %(reason)s. "
                "Det ligger nu i en markerad faktaruta."
            )
            % {"id": quoted(block_id), "type": quoted(kind) or "?", "reason": reason},
            text=block_text(block),
            fallback=_DESCRIPTIONS.get(kind, ""),
        )

    def container(self, block_id: str, kind: str, block: dict, depth: int) -> None:
        """A grid or other block of blocks: its blocks one after another."""
        self.b.problem(
            _(
                "Blocket %(id)s (%(type)s) grupperade andra block; de fördes över "
                "ett i taget."
            )
            % {"id": quoted(block_id), "type": quoted(kind)}
        )
        if isinstance(block.get("blocks"), dict):
            self.walk(block["blocks"], block.get("blocks_layout"), depth + 1)
        else:  # the older grids keep their blocks in "columns"
            for position, column in enumerate(block["columns"], 1):
                self.block(f"{block_id}/{position}", column, depth + 1)

    def slate(self, block_id: str, kind: str, block: dict) -> None:
        nodes = block.get("value")
        if not isinstance(nodes, list):
            self.failed(block_id, kind, block, _("texten är inte en lista"))
            return
        for node in nodes:
            node_type = node.get("type") if isinstance(node, dict) else None
            children = node.get("children") if isinstance(node, dict) else None
            if isinstance(node, str) or (
                isinstance(node, dict) and node_type is None and "text" in node
            ):
                self.b.paragraph(slate_inlines([node]))
            elif not isinstance(node_type, str) or not isinstance(children, list):
                part = {"text": collected_text(node)}
                self.failed(block_id, kind, part, _("en del av texten saknar innehåll"))
            elif node_type in HEADINGS:
                self.b.heading(slate_inlines(children, 1), HEADINGS[node_type])
            elif node_type in ("ul", "ol", "li"):
                wrapped = node if node_type != "li" else {"children": [node]}
                self.b.rich_list(slate_list(wrapped, 1))
            elif node_type == "blockquote":
                self.b.quote(slate_inlines(children, 1))
            else:
                self.b.paragraph(slate_inlines([node]))

    def draft(self, block_id: str, kind: str, block: dict) -> None:
        """Volto's text block before Slate: draft-js raw content."""
        drafts = dig(block, "text", "blocks")
        if not isinstance(drafts, list):
            reason = _("texten saknas eller har okänt format")
            self.failed(block_id, kind, block, reason)
            return
        entities = dig(block, "text", "entityMap")
        entities = entities if isinstance(entities, dict) else {}
        entries: list[tuple[int, bool, list[Inline]]] = []
        for draft in drafts:
            if not isinstance(draft, dict):
                continue
            draft_type = draft.get("type")
            inlines = draft_inlines(draft, entities)
            if draft_type in DRAFT_LISTS:
                depth = number(draft.get("depth")) or 0
                entries.append((depth, DRAFT_LISTS[draft_type], inlines))
                continue
            for rich_list in draft_lists(entries):
                self.b.rich_list(rich_list)
            entries = []
            if draft_type in DRAFT_HEADINGS:
                self.b.heading(inlines, DRAFT_HEADINGS[draft_type])
            elif draft_type == "blockquote":
                self.b.quote(inlines)
            else:
                self.b.paragraph(inlines)
        for rich_list in draft_lists(entries):
            self.b.rich_list(rich_list)

    def image(self, block_id: str, kind: str, block: dict) -> None:
        url = next(iter(hrefs(block.get("url"))), "")
        if not url:
            self.failed(block_id, kind, block, _("bildadressen saknas"))
            return
        caption = block.get("caption") or block.get("description")
        self.b.figure(url, block.get("alt"), caption)
        for target in hrefs(block.get("href")):
            self.b.note_url(target)
            self.b.problem(
                _(
                    "Länken från bilden %(image)s till %(url)s togs bort; bilder "
                    "kan inte vara länkar här."
                )
                % {"image": quoted(url), "url": quoted(target)}
            )

    def teaser(self, block_id: str, kind: str, block: dict) -> None:
        """A link to the teased item and its description: the block's own
        title and description, else the item's."""
        targets = hrefs(block.get("href"))
        if not targets:
            self.failed(block_id, kind, block, _("puffen saknar mål"))
            return
        item = dig(block, "href", 0)
        item = item if isinstance(item, dict) else {}

        def own_or_items(key: str) -> object:
            own = block.get(key)
            return own if squash(clean_text(own)) else item.get(key)

        self.b.teaser(targets[0], own_or_items("title"), own_or_items("description"))

    def video(self, block_id: str, kind: str, block: dict) -> None:
        url = normal_url(block.get("url"))
        if url:
            self.b.video(url)
        else:
            self.failed(block_id, kind, block, _("videons adress saknas"))

    def table(self, block_id: str, kind: str, block: dict) -> None:
        """Cell text as a list in a marked callout, one row an item."""
        rows = dig(block, "table", "rows")
        if not isinstance(rows, list):
            self.failed(block_id, kind, block, _("tabellen saknar rader"))
            return
        lines = []
        for row in rows:
            cells = dig(row, "cells")
            line: list[Inline] = []
            for cell in cells if isinstance(cells, list) else []:
                inlines = _cell_inlines(dig(cell, "value"))
                if squash(plain_text(inlines)):
                    line.extend([Text(" | "), *inlines] if line else inlines)
            lines.append(line)
        self.b.unconvertible(
            kind,
            _(
                "Blocket %(id)s (%(type)s) kunde inte föras över som tabell; "
                "cellernas text ligger i en markerad faktaruta."
            )
            % {"id": quoted(block_id), "type": kind},
            rows=lines,
            text=block_text(block),
            fallback=_DESCRIPTIONS[kind],
        )


def _cell_inlines(value: object) -> list[Inline]:
    """A table cell: Slate nodes (slateTable) or draft-js (the older table)."""
    if not isinstance(value, dict):
        return slate_inlines(value, 1)
    drafts = value.get("blocks")
    inlines: list[Inline] = []
    for draft in drafts if isinstance(drafts, list) else []:
        if isinstance(draft, dict):
            inlines += [BREAK, *draft_inlines(draft, {})]
    return inlines
