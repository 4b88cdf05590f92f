"""The converters' Resolver for one import: Plone URLs to what they became.

Knows every listed item's path and UID, and what ImportedItem says each
became; `base` is the URL of the item being converted, for relative links.
"""

import re
from urllib.parse import urljoin, urlsplit

from wagtail.documents import get_document_model

from .models import ImportedItem

RESOLVEUID = re.compile(r"(?:^|/)resolve[Uu]id/([^/?#]+)")
# What follows an item's path in links to its views, downloads and scales.
_VIEWS = {"view", "download", "file", "image", "images", "image_view_fullscreen"}
_SCALES = {"preview", "thumb", "tile", "icon", "listing", "mini", "large", "larger"}
_SCALES |= {"great", "huge", "teaser"}


class ImportResolver:
    def __init__(self, site_url: str, public_root: str):
        self.site_url = site_url.rstrip("/")
        parts = urlsplit(self.site_url)
        self._origin = (parts.scheme, (parts.hostname or "").lower(), parts.port)
        self._site_path = parts.path.rstrip("/")
        self.public_root = public_root.rstrip("/")
        self.uid_by_path: dict[str, str] = {}
        self.rows: dict[str, ImportedItem] = {}
        self.base = self.site_url + "/"

    def add_path(self, path: str, uid: str) -> None:
        self.uid_by_path[path] = uid

    def remember(self, row: ImportedItem) -> None:
        self.rows[row.plone_uid] = row

    def uid_of(self, url: str) -> str | None:
        """The UID of the listed item `url` points at, views and scales aside."""
        match = RESOLVEUID.search(url)
        if match:
            return match.group(1)
        path = self.path_of(url)
        if path is None:
            return None
        segments = path.strip("/").split("/")
        for position, segment in enumerate(segments):
            if segment.startswith(("@@", "++")):
                segments = segments[:position]
                break
        # Only views and scales may follow an item's path: a broken link to
        # a folder's child does not mean the folder.
        while segments:
            uid = self.uid_by_path.get("/" + "/".join(segments))
            if uid is not None:
                return uid
            if not _is_view(segments[-1]):
                return None
            segments.pop()
        return None

    def path_of(self, url: str) -> str | None:
        """`url`'s path from the Plone site's root, or None if elsewhere."""
        absolute = urljoin(self.base, url.strip())
        parts = urlsplit(absolute)
        origin = (parts.scheme, (parts.hostname or "").lower(), parts.port)
        if origin != self._origin:
            return None
        path = parts.path
        if self._site_path:
            if path != self._site_path and not path.startswith(self._site_path + "/"):
                return None
            path = path[len(self._site_path) :]
        return "/" + path.strip("/")

    def _row(self, url: str) -> ImportedItem | None:
        uid = self.uid_of(url)
        return self.rows.get(uid) if uid else None

    def page_id(self, url: str) -> int | None:
        row = self._row(url)
        return row.page_id if row is not None and row.page_id else None

    def document_id(self, url: str) -> int | None:
        row = self._row(url)
        return row.document_id if row is not None else None

    def document_url(self, url: str) -> str | None:
        document_id = self.document_id(url)
        if document_id is None:
            return None
        document = get_document_model().objects.filter(pk=document_id).first()
        return self.public_root + document.url if document is not None else None

    def image_id(self, url: str) -> int | None:
        row = self._row(url)
        return row.image_id if row is not None else None

    def is_internal(self, url: str) -> bool:
        return self.path_of(url) is not None


def _is_view(segment: str) -> bool:
    return segment in _VIEWS or segment in _SCALES or segment.startswith("image_")
