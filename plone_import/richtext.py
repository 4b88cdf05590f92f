"""Inline nodes written as Wagtail rich text, every link through the resolver.

Written in Wagtail's database format with nothing but what our paragraph and
callout features allow: <p>, <b>, <i>, <ul>, <ol>, <li> and <a> with either
an href or a linktype and id.
"""

import re
from html import escape

from django.utils.translation import gettext as _

from .inline import (
    Break,
    Mark,
    RichList,
    Text,
    clean_text,
    collapse_spaces,
    link_urls,
    normal_url,
    plain_text,
    quoted,
)
from .interface import Resolver

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_TAG = re.compile(r"<[^>]*>")
_LEADING_SPACE = re.compile(r"^((?:<[^>]*>)*)\s+")
_TRAILING_SPACE = re.compile(r"\s+((?:</[^>]*>)*)$")


def visible(html: str) -> bool:
    """Whether rich text shows any text."""
    return bool(_TAG.sub("", html).strip())


def _trim(html: str) -> str:
    return _TRAILING_SPACE.sub(r"\1", _LEADING_SPACE.sub(r"\1", html))


def _scheme(url: str) -> str:
    # Browsers ignore control characters and spaces inside a scheme
    # ("java\tscript:"), so they are ignored here too.
    compact = re.sub(r"[\x00-\x20\x7f-\xa0]+", "", url).lower()
    match = _SCHEME.match(compact)
    return match.group(1) if match else ""


class RichTextWriter:
    """Writes inline nodes as rich text; what it had to change goes into
    `problems`, the internal URLs it met into `links`."""

    def __init__(self, resolver: Resolver, problems: list[str], links: list[str]):
        self.resolver = resolver
        self.problems = problems
        self.links = links

    def html(self, nodes, documents: bool) -> str:
        """Inline nodes as rich text, spaces collapsed as a browser (and the
        editor) would. `documents`: whether document links are allowed
        (paragraphs, not callouts)."""
        return _trim(self._render(collapse_spaces(nodes), documents))

    def list_html(self, rich_list: RichList, documents: bool) -> str:
        items = []
        for item in rich_list.items:
            inner = self.html(item.inlines, documents)
            inner = inner if visible(inner) else ""
            nested = "".join(self.list_html(sub, documents) for sub in item.sublists)
            if inner or nested:
                items.append(f"<li>{inner}{nested}</li>")
        tag = "ol" if rich_list.ordered else "ul"
        return f"<{tag}>{''.join(items)}</{tag}>" if items else ""

    def plain(self, nodes, in_heading: bool, line_break: str = " ") -> str:
        """The text of `nodes`, for a field without links: each link goes
        into the report."""
        for found in link_urls(nodes):
            url = normal_url(found)
            if not url:
                continue
            self.note_url(url)
            message = (
                _(
                    "Länken till %(url)s i en rubrik togs bort; rubriker kan inte ha "
                    "länkar."
                )
                if in_heading
                else _(
                    "Länken till %(url)s i ett citat togs bort; citat kan inte ha "
                    "länkar."
                )
            )
            self.problems.append(message % {"url": quoted(url)})
        return clean_text(plain_text(nodes, line_break))

    def is_internal(self, url: str) -> bool:
        """Whether `url` is on the Plone site: relative, or absolute there."""
        scheme = _scheme(url)
        if not url or url.startswith("#"):
            return False
        if not scheme:
            return True
        return scheme in ("http", "https") and bool(self.resolver.is_internal(url))

    def note_url(self, url: str) -> None:
        if self.is_internal(url):
            self.links.append(url)

    def _link_opening(self, url: str, documents: bool) -> str | None:
        """The <a> tag for `url`, or None when only the link text may stay.

        `documents`: whether document links are allowed (paragraphs, not
        callouts).
        """
        url = normal_url(url)
        scheme = _scheme(url)
        if not url:
            return None
        if url.startswith("#"):
            self.problems.append(
                _(
                    "Länken %(url)s pekade på ett ställe på samma sida och togs bort; "
                    "texten behölls."
                )
                % {"url": quoted(url)}
            )
            return None
        if scheme in ("mailto", "tel"):
            return f'<a href="{escape(url)}">'
        if scheme not in ("", "http", "https"):
            self.problems.append(
                _(
                    "Länken %(url)s togs bort eftersom den sortens adress inte "
                    "tillåts; texten behölls."
                )
                % {"url": quoted(url)}
            )
            return None
        if not self.is_internal(url):
            return f'<a href="{escape(url)}">'
        self.note_url(url)
        page = self.resolver.page_id(url)
        if page is not None:
            return f'<a linktype="page" id="{int(page)}">'
        document = self.resolver.document_id(url)
        if document is not None:
            if documents:
                return f'<a linktype="document" id="{int(document)}">'
            public = normal_url(self.resolver.document_url(url))
            if _scheme(public) in ("http", "https"):
                return f'<a href="{escape(public)}">'
            self.problems.append(
                _(
                    "Länken till dokumentet %(url)s kan inte ligga i en faktaruta och "
                    "togs bort; texten behölls."
                )
                % {"url": quoted(url)}
            )
            return None
        if scheme:
            self.problems.append(
                _(
                    "Länken %(url)s går till Plone-webbplatsen men till inget som "
                    "importerats; adressen behölls."
                )
                % {"url": quoted(url)}
            )
            return f'<a href="{escape(url)}">'
        self.problems.append(
            _(
                "Länken %(url)s gick inte att koppla till en importerad sida eller "
                "ett dokument och togs bort; texten behölls."
            )
            % {"url": quoted(url)}
        )
        return None

    def _render(self, nodes, documents: bool, marks=frozenset(), linked=False) -> str:
        out = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(escape(clean_text(node.text), quote=False))
            elif isinstance(node, Break):
                out.append(" ")
            elif isinstance(node, Mark):
                inner = self._render(
                    node.children, documents, marks | {node.tag}, linked
                )
                if node.tag in marks or not visible(inner):
                    out.append(inner)
                else:
                    out.append(f"<{node.tag}>{inner}</{node.tag}>")
            else:
                inner = self._render(node.children, documents, marks, True)
                opening = None
                if not linked and visible(inner):
                    opening = self._link_opening(node.url, documents)
                out.append(f"{opening}{inner}</a>" if opening else inner)
        return "".join(out)
