"""A served Plone site as an outside client sees it: plone.restapi over
HTTP with Basic auth (the Zope root's Manager), and the items a test
fixture made there, by key."""

import dataclasses
import datetime
import time
from typing import Any

import requests

TIMEOUT = 60  # seconds per request


@dataclasses.dataclass(frozen=True)
class FixtureItem:
    """One item a fixture created: `path` the Zope path
    ("/Plone/sv/trygghet/lagesbild"), `url` its absolute URL."""

    key: str
    uid: str
    path: str
    url: str
    portal_type: str


class LivePlone:
    """The site at `site_url` ("http://127.0.0.1:<port>/Plone")."""

    def __init__(self, site_url: str, user: str, password: str) -> None:
        self.site_url = site_url.rstrip("/")
        self.server_url = self.site_url.rsplit("/", 1)[0]
        self.user = user
        self.password = password
        self.items: dict[str, FixtureItem] = {}
        self._session = requests.Session()
        self._session.headers.update(
            {"Accept": "application/json", "Content-Type": "application/json"}
        )

    def url(self, path_or_url: str) -> str:
        """An absolute URL as it is; a path from "/" a Zope path
        ("/Plone/sv/..."); anything else relative to the site ("@search")."""
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        if path_or_url.startswith("/"):
            return self.server_url + path_or_url
        return f"{self.site_url}/{path_or_url}"

    def request(
        self,
        method: str,
        path_or_url: str,
        json: Any = None,
        *,
        anonymous: bool = False,
        **kwargs: Any,
    ) -> requests.Response:
        """One request as the admin (or `anonymous`); the response as it
        came, errors included."""
        auth = None if anonymous else (self.user, self.password)
        kwargs.setdefault("timeout", TIMEOUT)
        return self._session.request(
            method, self.url(path_or_url), json=json, auth=auth, **kwargs
        )

    def call(self, method: str, path_or_url: str, json: Any = None) -> Any:
        """request(), failing on an error status; the JSON answer, or None
        for an empty one (204)."""
        response = self.request(method, path_or_url, json)
        if not response.ok:
            raise RuntimeError(
                f"Plone: {method} {response.url} answered {response.status_code}: "
                f"{response.text[:2000]}"
            )
        return response.json() if response.content else None

    def get(self, key: str) -> dict[str, Any]:
        """The item's plone.restapi serialization, as the admin sees it."""
        return self.call("GET", self.items[key].url)

    def patch(self, key: str, **fields: Any) -> dict[str, Any]:
        """Change the item's fields (PATCH); returns the item after.

        Its modification date changes as plone.restapi serializes it, to
        the second: a PATCH in the same second as the change before would
        leave it as it was, so this waits for the next second first (the
        server runs on this machine's clock).
        """
        before = self.get(key)["modified"]
        next_second = datetime.datetime.fromisoformat(before).timestamp() + 1
        time.sleep(max(0.0, next_second - time.time()))
        self.call("PATCH", self.items[key].url, fields)
        after = self.get(key)
        if after["modified"] == before:
            raise RuntimeError(f"Plone: the modification date of {key} did not change")
        return after

    def add(self, key: str, container: str, **fields: Any) -> FixtureItem:
        """POST an item into `container` (a key or a path) and keep it
        under `key`."""
        parent = self.items[container].url if container in self.items else container
        created = self.call("POST", parent, fields)
        url = created["@id"]
        item = FixtureItem(
            key=key,
            uid=created["UID"],
            path=url.removeprefix(self.server_url),
            url=url,
            portal_type=created["@type"],
        )
        self.items[key] = item
        return item

    def transition(self, key: str, name: str, **data: Any) -> None:
        """A workflow transition (e.g. "publish", with `effective`)."""
        self.call("POST", f"{self.items[key].url}/@workflow/{name}", data)
