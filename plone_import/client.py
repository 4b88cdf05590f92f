"""Reading a Plone site through plone.restapi: the listing, items, file bytes.

Basic auth over `requests`; every request has a timeout and is retried with
backoff on connection errors, time-outs and 5xx answers. Credentials stay in
the session: no message here quotes them.
"""

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

import requests

# What @search returns of each item besides @id, @type, title, description
# and review_state (plone.restapi's defaults).
METADATA_FIELDS = ("UID", "portal_type", "modified", "review_state", "Language")
PAGE_SIZE = 100
RETRIES = 3
BACKOFF_SECONDS = 0.5
# Far more than any Plone site holds: a guard against a server that pages
# for ever.
MAX_PAGES = 10_000

Key = TypeVar("Key")


class PloneError(Exception):
    """Plone could not be read; the message says why, for the report."""


@dataclass(frozen=True)
class Listed:
    """An item as @search lists it."""

    uid: str
    portal_type: str
    url: str
    path: str  # from the Plone site's root: "/sv/trygghet/lagesbild"
    title: str
    modified: str
    review_state: str
    language: str


class PloneClient:
    """One Plone site, read as `user`; safe to share between threads."""

    def __init__(
        self,
        site_url: str,
        auth: tuple[str, str] | None = None,
        timeout: float = 30,
        retries: int = RETRIES,
        backoff: float = BACKOFF_SECONDS,
    ):
        self.site_url = site_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.session = requests.Session()
        self.session.auth = auth
        self.session.headers["Accept"] = "application/json"
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=32)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def get(self, url: str, params: dict | None = None) -> requests.Response:
        """A successful answer to GET `url`, retried as the module says."""
        for attempt in range(self.retries + 1):
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except requests.Timeout as exc:
                error = PloneError(
                    _("Plone svarade inte inom %(seconds)s sekunder (%(url)s).")
                    % {"seconds": self.timeout, "url": url}
                )
                error.__cause__ = exc
            except requests.RequestException as exc:
                error = PloneError(
                    _("Plone kunde inte nås (%(url)s): %(error)s")
                    % {"url": url, "error": type(exc).__name__}
                )
                error.__cause__ = exc
            else:
                if response.status_code < 400:
                    return response
                error = PloneError(
                    _("Plone svarade %(status)s på %(url)s.")
                    % {"status": response.status_code, "url": url}
                )
                if response.status_code < 500:
                    raise error
            if attempt < self.retries:
                time.sleep(self.backoff * 2**attempt)
        raise error

    def get_json(self, url: str, params: dict | None = None) -> dict:
        response = self.get(url, params)
        try:
            data = response.json()
        except ValueError as exc:
            raise PloneError(
                _("Plone svarade inte med JSON på %(url)s.") % {"url": url}
            ) from exc
        if not isinstance(data, dict):
            raise PloneError(
                _("Plone svarade med oväntad JSON på %(url)s.") % {"url": url}
            )
        return data

    def site_info(self) -> dict:
        """The site root's JSON: checks that the URL is a plone.restapi site."""
        data = self.get_json(self.site_url)
        if "@id" not in data:
            raise PloneError(
                _("%(url)s svarar inte som en Plone-webbplats med plone.restapi.")
                % {"url": self.site_url}
            )
        return data

    def list_items(self) -> list[Listed]:
        """Every item the user may see, in every review state and language,
        parents before children."""
        items: list[Listed] = []
        start = 0
        for _page in range(MAX_PAGES):
            data = self.get_json(
                f"{self.site_url}/@search",
                {
                    "b_start": start,
                    "b_size": PAGE_SIZE,
                    "metadata_fields": list(METADATA_FIELDS),
                },
            )
            batch = data.get("items")
            if not isinstance(batch, list):
                raise PloneError(_("Plones sökning svarade utan lista (items)."))
            items.extend(filter(None, (self.listed(entry) for entry in batch)))
            start += len(batch)
            total = data.get("items_total")
            if not batch or not isinstance(total, int) or start >= total:
                break
        return sorted(items, key=lambda item: item.path.count("/"))

    def listed(self, entry: object) -> Listed | None:
        if not isinstance(entry, dict):
            return None
        url = str(entry.get("@id") or "")
        uid = str(entry.get("UID") or "")
        path = self.path_of(url)
        if not url or not uid or path == "/":  # the site root is no item
            return None
        return Listed(
            uid=uid,
            portal_type=str(entry.get("portal_type") or entry.get("@type") or ""),
            url=url,
            path=path,
            title=str(entry.get("title") or ""),
            modified=str(entry.get("modified") or ""),
            review_state=str(entry.get("review_state") or ""),
            language=str(entry.get("Language") or ""),
        )

    def path_of(self, url: str) -> str:
        """`url`'s path from the site root: "/sv/trygghet"."""
        site = urlsplit(self.site_url).path.rstrip("/")
        path = urlsplit(url).path
        if path.startswith(site + "/"):
            path = path[len(site) :]
        return "/" + path.strip("/")

    def item(self, url: str, translations: bool) -> dict:
        """An item's full JSON, with its translations when asked."""
        params = {"expand": "translations"} if translations else None
        return self.get_json(url, params)

    def download(self, url: str) -> bytes:
        return self.get(url).content


def fetch_all(
    keys: Iterable[Key], fetch: Callable[[Key], object], concurrency: int
) -> list[object]:
    """fetch(key) for every key, at most `concurrency` at a time: each its
    result, or the PloneError it raised, in the keys' order."""

    def one(key: Key) -> object:
        try:
            return fetch(key)
        except PloneError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return list(pool.map(one, keys))
