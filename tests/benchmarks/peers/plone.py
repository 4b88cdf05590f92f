"""Plone 6.2 as a peer: a classic Plone site answering plone.restapi's @search.

Plone's virtual environment is the one the live import tests use
(tests/plone_env/: var/plone/venv, pinned in tests/plone_env/requirements.txt,
installed by `make plone`). The peer's Zope instance (var/peers/plone/instance)
keeps its ZODB in one FileStorage, var/peers/plone/Data.fs, blobs beside it,
with the ZODB cache plone.recipe.zope2instance gives a site by default
(30,000 objects per connection). Served as Plone serves by default: waitress
through `runwsgi`, one process, 4 threads, without the access log
(translogger).

Records become published Documents (plone_scripts/load_records.py): roles as
Subject, theme, topic and kind in FieldIndexes of their own (made by
tests/plone_env/scripts/create_site.py), which @search filters on like any
index.
Loading writes to the ZODB from a `zconsole run` process, so the server is
stopped meanwhile (a FileStorage admits one process) and started again.
"""

import dataclasses
import hashlib
import json
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from tests.benchmarks.peers.common import (
    PAGE_SIZE,
    PEERS_DIR,
    Peer,
    Query,
    Record,
    say,
)
from tests.plone_env import install as plone_install
from tests.plone_env.instance import PloneInstance, SiteSpec

THREADS = 4
ZODB_CACHE_SIZE = 30_000
SITE = SiteSpec(
    id="Plone",
    title="Trygghetsportalen (Plone)",
    languages=("sv",),
    field_indexes=("theme", "topic", "kind"),
)
SITE_ID = SITE.id
# The Zope root's Manager who loads the content; the server listens on
# 127.0.0.1 only.
ADMIN = "admin:admin"
BATCH = 500
# What a list shows of each result, beyond the summary's title and
# description.
METADATA_FIELDS = ("effective", "Subject")

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE / "plone_scripts"
PLONE_DIR = PEERS_DIR / "plone"
SITE_STAMP = PLONE_DIR / "site.stamp"
LOADED_STAMP = PLONE_DIR / "loaded.sha256"
RECORDS_JSON = PLONE_DIR / "load-records.json"


def records_json(records: list[Record]) -> str:
    return json.dumps([dataclasses.asdict(r) for r in records], ensure_ascii=False)


class PlonePeer(Peer):
    name = "Plone 6.2"

    def __init__(self) -> None:
        self.instance = PloneInstance(
            PLONE_DIR, admin=ADMIN, threads=THREADS, cache_size=ZODB_CACHE_SIZE
        )
        self.base_url = ""

    # --- Install ------------------------------------------------------------

    def install(self) -> None:
        """Plone's venv (shared, quick when installed), the instance, and
        the site unless made before."""
        PLONE_DIR.mkdir(parents=True, exist_ok=True)
        plone_install.install(say)
        self.instance.write()
        if SITE_STAMP.exists() and self.instance.data_fs.exists():
            return
        LOADED_STAMP.unlink(missing_ok=True)
        say(f"{self.name}: creating the site {SITE_ID!r}")
        seconds = self.instance.create_site(SITE)
        SITE_STAMP.write_text("\n".join(plone_install.requirements()))
        say(f"{self.name}: site created in {seconds:.0f} s")

    # --- Serve ----------------------------------------------------------------

    def start(self) -> None:
        if self.running():
            return
        # The same port when load() starts the server again.
        seconds = self.instance.start(f"/{SITE_ID}")
        self.base_url = self.instance.base_url
        say(
            f"{self.name}: waitress on {self.base_url}, {THREADS} threads, "
            f"up in {seconds:.0f} s"
        )

    def running(self) -> bool:
        return self.instance.running()

    def stop(self) -> None:
        self.instance.stop()

    def pids(self) -> list[int]:
        return self.instance.pids()

    # --- Load -----------------------------------------------------------------

    def load(self, records: list[Record]) -> None:
        """Skipped when the site holds these records (the stamp names their
        hash, and when served, @search counts them)."""
        text = records_json(records)
        digest = hashlib.sha256(text.encode()).hexdigest()
        if self._loaded(digest, len(records)):
            say(f"{self.name}: {len(records)} records loaded already")
            return
        was_running = self.running()
        self.stop()
        LOADED_STAMP.unlink(missing_ok=True)
        RECORDS_JSON.write_text(text)
        say(f"{self.name}: loading {len(records)} records")
        seconds = self.instance.run_script(
            SCRIPTS / "load_records.py",
            {"PLONE_BENCH_RECORDS": str(RECORDS_JSON), "PLONE_BENCH_BATCH": str(BATCH)},
            timeout=3600,
        )
        RECORDS_JSON.unlink()
        # The pack's copy of the storage before it.
        self.instance.data_fs.with_name("Data.fs.old").unlink(missing_ok=True)
        LOADED_STAMP.write_text(digest)
        say(f"{self.name}: {len(records)} records loaded in {seconds:.0f} s")
        if was_running:
            self.start()

    def _loaded(self, digest: str, count: int) -> bool:
        if not (LOADED_STAMP.exists() and self.instance.data_fs.exists()):
            return False
        if LOADED_STAMP.read_text().strip() != digest:
            return False
        if not self.running():
            return True
        request = urllib.request.Request(
            f"{self.base_url}/{SITE_ID}/@search?"
            + urlencode({"portal_type": "Document", "review_state": "published"})
            + "&b_size=1",
            headers=self.headers(),
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return self.total(response.read()) == count

    # --- Ask ------------------------------------------------------------------

    def path(self, query: Query) -> str:
        params: list[tuple[str, str]] = [
            ("portal_type", "Document"),
            ("review_state", "published"),
        ]
        if query.type == "search":
            # No sort_on: ZCatalog orders a full-text query by relevance.
            params.append(("SearchableText", query.q))
        else:
            params += [("Subject:list", role) for role in query.roles]
            for name in ("theme", "topic", "kind"):
                if getattr(query, name):
                    params.append((name, getattr(query, name)))
            params += [("sort_on", "effective"), ("sort_order", "reverse")]
        params += [("b_size", str(PAGE_SIZE)), ("b_start", str(query.offset))]
        params += [("metadata_fields", field) for field in METADATA_FIELDS]
        return f"/{SITE_ID}/@search?{urlencode(params)}"

    def headers(self) -> dict[str, str]:
        return {"Accept": "application/json"}

    def total(self, body: bytes) -> int:
        return json.loads(body)["items_total"]
