"""What the three systems of the side-by-side benchmark share: the records
they all load, the questions they are all asked, and what a peer must do.

The records are written once, as JSON, by this project's side (after it has
built its own database from the same generator), so Plone and Directus load
exactly the resources this project serves. Every peer answers the same
`Query` with its own idiom: this project's /api/v1/, Plone's `@search`,
Directus's `/items`.
"""

import dataclasses
import json
import os
import sys
from pathlib import Path

from tests.plone_env.instance import stop_process, wait_for  # noqa: F401 - the peers' imports

ROOT = Path(__file__).resolve().parents[3]
# Everything the peers install and store, never in git (PEERS_DIR: elsewhere,
# as the smoke test does).
PEERS_DIR = Path(os.environ.get("PEERS_DIR") or ROOT / "var" / "peers")
RECORDS_FILE = PEERS_DIR / "records.json"
PAGE_SIZE = 20


@dataclasses.dataclass(frozen=True)
class Record:
    """One resource as every peer stores it.

    `roles` are 1–3 of the vocabulary's role slugs; `kind` is one of
    article, link, video, podcast, webinar; `published` an ISO 8601
    datetime with its offset (the first-published date, newest first in
    lists); `body` plain Swedish text.
    """

    uid: str
    title: str
    summary: str
    body: str
    roles: tuple[str, ...]
    theme: str
    topic: str
    kind: str
    published: str


@dataclasses.dataclass(frozen=True)
class Query:
    """One question of the workload.

    `list`: resources with any of `roles` (OR), and the given theme, topic
    and kind where set, newest first, PAGE_SIZE from `offset`.
    `search`: full-text search for `q`, best first, PAGE_SIZE from `offset`.
    `facets` (lists only): also the counts per role, kind and theme; only
    this project answers it, the peers have no equivalent in one request.
    """

    type: str  # "list" or "search"
    roles: tuple[str, ...] = ()
    theme: str | None = None
    topic: str | None = None
    kind: str | None = None
    offset: int = 0
    q: str = ""
    facets: bool = False


def write_records(records: list[Record]) -> None:
    PEERS_DIR.mkdir(parents=True, exist_ok=True)
    RECORDS_FILE.write_text(
        json.dumps([dataclasses.asdict(r) for r in records], ensure_ascii=False)
    )


def read_records(path: Path = RECORDS_FILE) -> list[Record]:
    return [
        Record(**{**item, "roles": tuple(item["roles"])})
        for item in json.loads(path.read_text())
    ]


class Peer:
    """A system under test. Subclasses: plone.py, directus.py, project.py.

    The runner calls, in order: install() (idempotent, quick when done
    before), start(), load(records) (idempotent: skips when the same
    records are loaded already), then path(query) many times, total(body)
    to check answers, pids() for memory, and finally stop(), also after a
    failure. All output for the reader goes through `say`.
    """

    name = ""
    # Where the peer listens once started, e.g. "http://127.0.0.1:8081".
    base_url = ""

    def install(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        raise NotImplementedError

    def load(self, records: list[Record]) -> None:
        raise NotImplementedError

    def path(self, query: Query) -> str:
        """The request path with its query string (no host) asking `query`."""
        raise NotImplementedError

    def headers(self) -> dict[str, str]:
        """Headers every request carries (e.g. Accept)."""
        return {}

    def total(self, body: bytes) -> int:
        """How many results the answer says match in all (for checks)."""
        raise NotImplementedError

    def pids(self) -> list[int]:
        """The processes that serve requests, for resident memory."""
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


def say(message: str = "") -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
