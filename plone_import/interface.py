"""The converters' contract with the importer: what they ask of it and
what they give back."""

from dataclasses import dataclass, field
from typing import Protocol


class Resolver(Protocol):
    """What the importer knows of the Plone site's items, asked by URL.

    URLs are passed as found in the body: absolute Plone URLs, relative paths,
    `resolveuid/<uid>` and `../resolveuid/<uid>`, with any image scale or
    download suffix; the resolver normalises them.
    """

    def page_id(self, url: str) -> int | None:
        """The id of the Wagtail page the Plone item at `url` became."""

    def document_id(self, url: str) -> int | None:
        """The id of the Wagtail document the Plone file at `url` became."""

    def document_url(self, url: str) -> str | None:
        """That document's public URL, for callouts, where rich text cannot
        link to a document by id."""

    def image_id(self, url: str) -> int | None:
        """The id of the Wagtail image the Plone image at `url` became."""

    def is_internal(self, url: str) -> bool:
        """Whether the absolute `url` is on the Plone site being imported."""


@dataclass
class Conversion:
    """A converted body: raw StreamField data and what the import report says.

    `problems`, `videos` and `links` hold each entry once, in the order met;
    `links` are the internal URLs met, resolved or not.
    """

    blocks: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    videos: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
