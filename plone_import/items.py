"""A Plone item as the import reads it: @search's listing plus, when fetched,
plone.restapi's full JSON of the item."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .client import Listed
from .inline import clean_text, squash

# plone.app.multilingual's language root and language independent folders:
# the site's structure, not content.
LANGUAGE_ROOT = "LRF"
LANGUAGE_INDEPENDENT = "LIF"
FOLDERS = {"Folder", LANGUAGE_ROOT, LANGUAGE_INDEPENDENT}
FILES = {"File", "Image"}
PAGES = {"Document", "News Item", "Link"}
# Workflow states in which Plone shows an item to its readers (simple and
# intranet workflows); "" is an item without a workflow, shown as its folder.
PUBLISHED_STATES = {"published", "internally_published", "external", ""}


def parse_date(value: object) -> datetime.datetime | None:
    """plone.restapi's ISO 8601 date, or None (also for "None" and junk)."""
    if not isinstance(value, str) or not value or value == "None":
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    # Plone's "never expires" is the year 2499, its "always" the year 1000.
    if parsed.year >= 2499 or parsed.year <= 1000:
        return None
    return parsed


@dataclass
class PloneItem:
    listed: Listed
    data: dict = field(default_factory=dict)

    @property
    def uid(self) -> str:
        return self.listed.uid

    @property
    def portal_type(self) -> str:
        return self.listed.portal_type

    @property
    def path(self) -> str:
        return self.listed.path

    @property
    def url(self) -> str:
        return self.listed.url

    @property
    def parent_path(self) -> str:
        return self.path.rsplit("/", 1)[0] or "/"

    @property
    def plone_id(self) -> str:
        return str(self.data.get("id") or self.path.rsplit("/", 1)[-1])

    @property
    def title(self) -> str:
        title = squash(clean_text(self.data.get("title") or self.listed.title))
        return title or self.plone_id

    @property
    def description(self) -> str:
        return squash(clean_text(self.data.get("description")))

    @property
    def modified(self) -> datetime.datetime | None:
        return parse_date(self.listed.modified)

    @property
    def review_state(self) -> str:
        return str(self.data.get("review_state") or self.listed.review_state or "")

    @property
    def published(self) -> bool:
        return self.review_state in PUBLISHED_STATES

    @property
    def effective(self) -> datetime.datetime | None:
        return parse_date(self.data.get("effective"))

    @property
    def expires(self) -> datetime.datetime | None:
        return parse_date(self.data.get("expires"))

    @property
    def language(self) -> str:
        value = self.data.get("language") or self.listed.language
        if isinstance(value, dict):  # a vocabulary term: {"token": "sv", ...}
            value = value.get("token")
        return str(value or "")

    @property
    def subjects(self) -> list[str]:
        values = self.data.get("subjects") or self.data.get("Subject") or []
        if not isinstance(values, list):
            return []
        found = (squash(clean_text(value)) for value in values)
        return list(dict.fromkeys(value for value in found if value))

    @property
    def creators(self) -> list[str]:
        values = self.data.get("creators") or []
        return [str(value) for value in values] if isinstance(values, list) else []

    @property
    def remote_url(self) -> str:
        return clean_text(self.data.get("remoteUrl")).strip()

    def file_info(self) -> dict:
        """The primary field's file: {"download", "filename", "content-type"}."""
        for name in ("image", "file"):
            value = self.data.get(name)
            if isinstance(value, dict) and value.get("download"):
                return value
        return {}

    @property
    def content_type(self) -> str:
        return str(self.file_info().get("content-type") or "")

    @property
    def media_kind(self) -> str:
        """ "video" or "audio" for a File holding one, else ""."""
        if self.portal_type != "File":
            return ""
        kind = self.content_type.split("/")[0]
        return kind if kind in ("video", "audio") else ""

    def translation_urls(self) -> dict[str, str]:
        """language → URL of this item's translations (plone.app.multilingual)."""
        component = (self.data.get("@components") or {}).get("translations") or {}
        urls = {}
        for entry in component.get("items") or []:
            if isinstance(entry, dict) and entry.get("@id") and entry.get("language"):
                urls[str(entry["language"])] = str(entry["@id"])
        return urls
