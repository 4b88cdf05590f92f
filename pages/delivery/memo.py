"""Values derived from public content, kept per content version."""

import threading
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from pages.models import ContentVersion


class VersionMemo:
    """Values derived from public content, kept in this process for as long
    as the content version they were read under is current.

    Every change the public could see (pages, sites, site profiles, view
    restrictions, roles, locales, an expiry) moves ContentVersion's counter
    (pages/signal_handlers.py), which each API request reads anyway for its
    ETag. What every request of a version would read again (the site
    profiles, the view restrictions, the roles, a site's themes and topics,
    the editors' search recommendations) is read once per version and
    process: about 8 ms of a search at 100,000 resources. Values are keyed
    by the counter too, so a request that began under an older version
    never stores into a newer one. The counter only grows; tests, whose
    rollbacks reuse numbers, empty the memo between tests
    (tests/conftest.py).
    """

    def __init__(self) -> None:
        self._counter: int | None = None
        self._values: dict[tuple[int, Any], Any] = {}
        self._lock = threading.Lock()

    def get(self, counter: int, key: Any, compute: Callable[[], Any]) -> Any:
        """The value for `key` under version `counter`, computed if missing."""
        try:
            return self._values[(counter, key)]
        except KeyError:
            pass
        value = compute()
        with self._lock:
            if counter != self._counter:
                self._values = {}
                self._counter = counter
            self._values[(counter, key)] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._values = {}
            self._counter = None


memo = VersionMemo()


def content_version(request: HttpRequest | None = None) -> int:
    """The content version this request is answered under, read once per
    request (every time without one)."""
    counter = getattr(request, "content_version", None)
    if counter is None:
        counter = ContentVersion.current().counter
        if request is not None:
            request.content_version = counter
    return counter
