"""Plone 6.2 as a peer: a classic Plone site answering plone.restapi's @search.

Installed from PyPI into a virtual environment of its own
(var/peers/plone/venv), the versions pinned below; PyPI carries no
constraints file for a Plone release, so the rest of the dependencies are
whatever pip resolves for these pins (its freeze is kept beside the venv, in
pip-freeze.txt). The Zope instance (var/peers/plone/instance) keeps its
ZODB in one FileStorage, var/peers/plone/Data.fs, blobs beside it, with the
ZODB cache plone.recipe.zope2instance gives a site by default (30,000
objects per connection). Served as Plone serves by default: waitress through
`runwsgi`, one process, 4 threads, without the access log (translogger).

Records become published Documents (plone_scripts/load_records.py): roles as
Subject, theme, topic and kind in FieldIndexes of their own
(plone_scripts/create_site.py), which @search filters on like any index.
Loading writes to the ZODB from a `zconsole run` process, so the server is
stopped meanwhile (a FileStorage admits one process) and started again.
"""

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from tests.benchmarks.peers.common import (
    PAGE_SIZE,
    PEERS_DIR,
    Peer,
    Query,
    Record,
    free_port,
    say,
    stop_process,
    wait_for,
)

PLONE_VERSION = "6.2.2"
# plone.app.layout 7 does not start with Plone 6.2; 6.0.2 is the newest 6.x.
REQUIREMENTS = (
    f"Plone=={PLONE_VERSION}",
    "plone.restapi==10.0.4",
    "plone.app.layout==6.0.2",
)
THREADS = 4
ZODB_CACHE_SIZE = 30_000
SITE_ID = "Plone"
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
VENV = PLONE_DIR / "venv"
BIN = VENV / "bin"
INSTANCE = PLONE_DIR / "instance"
ZOPE_CONF = INSTANCE / "etc" / "zope.conf"
ZOPE_INI = INSTANCE / "etc" / "zope.ini"
DATA_FS = PLONE_DIR / "Data.fs"
BLOBS = PLONE_DIR / "blobstorage"
INSTALLED_STAMP = VENV / ".installed"
SITE_STAMP = PLONE_DIR / "site.stamp"
LOADED_STAMP = PLONE_DIR / "loaded.sha256"
RECORDS_JSON = PLONE_DIR / "load-records.json"
SERVER_LOG = PLONE_DIR / "server.log"

ZOPE_CONF_TEXT = """\
%define INSTANCE {instance}
instancehome $INSTANCE
debug-mode off

<environment>
  CHAMELEON_CACHE $INSTANCE/var/cache
</environment>

<zodb_db main>
  cache-size {cache_size}
  <blobstorage>
    blob-dir {blobs}
    <filestorage>
      path {data_fs}
    </filestorage>
  </blobstorage>
  mount-point /
</zodb_db>
"""

# runwsgi fills http_port from its command line (`http_port=NNNN`).
ZOPE_INI_TEXT = """\
[app:zope]
use = egg:Zope#main
zope_conf = %(here)s/zope.conf

[server:main]
use = egg:waitress#main
listen = 127.0.0.1:%(http_port)s
threads = {threads}

[pipeline:main]
pipeline =
    egg:Zope#httpexceptions
    zope

[loggers]
keys = root, waitress

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = INFO
handlers = console

[logger_waitress]
level = INFO
handlers = console
qualname = waitress
propagate = 0

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)s [%(name)s] %(message)s
"""


def plone_env() -> dict[str, str]:
    """This process's environment without what would point Plone's Python
    at the project's packages."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    return env | {"PATH": f"{BIN}:{env.get('PATH', '')}"}


def run_script(script: str, extra_env: dict[str, str], timeout: float) -> float:
    """`zconsole run` one of plone_scripts/, output into the server log;
    returns its wall time."""
    started = time.monotonic()
    with SERVER_LOG.open("a") as log:
        log.write(f"\n--- zconsole run {script}\n")
        log.flush()
        result = subprocess.run(
            [str(BIN / "zconsole"), "run", str(ZOPE_CONF), str(SCRIPTS / script)],
            cwd=INSTANCE,
            env=plone_env() | {"PLONE_BENCH_ADMIN": ADMIN} | extra_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(
            f"Plone: {script} failed ({result.returncode}), see {SERVER_LOG}"
        )
    return time.monotonic() - started


def records_json(records: list[Record]) -> str:
    return json.dumps([dataclasses.asdict(r) for r in records], ensure_ascii=False)


class PlonePeer(Peer):
    name = "Plone 6.2"

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.base_url = ""

    # --- Install ------------------------------------------------------------

    def install(self) -> None:
        PLONE_DIR.mkdir(parents=True, exist_ok=True)
        self._install_packages()
        self._write_instance()
        self._create_site()

    def _install_packages(self) -> None:
        """The venv and pip install, skipped when the stamp names the same
        pins."""
        wanted = "\n".join(REQUIREMENTS)
        if INSTALLED_STAMP.exists() and INSTALLED_STAMP.read_text() == wanted:
            return
        say(f"{self.name}: installing {', '.join(REQUIREMENTS)} into {VENV}")
        started = time.monotonic()
        if VENV.exists():
            shutil.rmtree(VENV)
        subprocess.run(["python3", "-m", "venv", str(VENV)], check=True, timeout=300)
        with (PLONE_DIR / "pip.log").open("w") as log:
            subprocess.run(
                [str(BIN / "pip"), "install", *REQUIREMENTS],
                env=plone_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                check=True,
                timeout=3600,
            )
        freeze = subprocess.run(
            [str(BIN / "pip"), "freeze"],
            env=plone_env(),
            check=True,
            capture_output=True,
            text=True,
        )
        (PLONE_DIR / "pip-freeze.txt").write_text(freeze.stdout)
        INSTALLED_STAMP.write_text(wanted)
        say(f"{self.name}: installed in {time.monotonic() - started:.0f} s")

    def _write_instance(self) -> None:
        """mkwsgiinstance's skeleton (site.zcml, var/), our zope.conf and
        zope.ini over it; rewritten every time, which is cheap."""
        if not (INSTANCE / "etc" / "site.zcml").exists():
            subprocess.run(
                [str(BIN / "mkwsgiinstance"), "-d", str(INSTANCE), "-u", ADMIN],
                env=plone_env(),
                check=True,
                timeout=120,
                stdout=subprocess.DEVNULL,
            )
        (INSTANCE / "var" / "cache").mkdir(parents=True, exist_ok=True)
        ZOPE_CONF.write_text(
            ZOPE_CONF_TEXT.format(
                instance=INSTANCE,
                cache_size=ZODB_CACHE_SIZE,
                blobs=BLOBS,
                data_fs=DATA_FS,
            )
        )
        ZOPE_INI.write_text(ZOPE_INI_TEXT.replace("{threads}", str(THREADS)))

    def _create_site(self) -> None:
        if SITE_STAMP.exists() and DATA_FS.exists():
            return
        LOADED_STAMP.unlink(missing_ok=True)
        say(f"{self.name}: creating the site {SITE_ID!r}")
        seconds = run_script("create_site.py", {}, timeout=900)
        SITE_STAMP.write_text(PLONE_VERSION)
        say(f"{self.name}: site created in {seconds:.0f} s")

    # --- Serve ----------------------------------------------------------------

    def start(self) -> None:
        if self.running():
            return
        # The same port when load() starts the server again.
        self.port = self.port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        log = SERVER_LOG.open("a")
        log.write(f"\n--- runwsgi on port {self.port}\n")
        log.flush()
        self.process = subprocess.Popen(
            [str(BIN / "runwsgi"), str(ZOPE_INI), f"http_port={self.port}"],
            cwd=INSTANCE,
            env=plone_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        started = time.monotonic()
        wait_for(f"{self.base_url}/{SITE_ID}", 300, self.headers())
        say(
            f"{self.name}: waitress on {self.base_url}, {THREADS} threads, "
            f"up in {time.monotonic() - started:.0f} s"
        )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None

    def pids(self) -> list[int]:
        return [self.process.pid] if self.running() else []

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
        seconds = run_script(
            "load_records.py",
            {"PLONE_BENCH_RECORDS": str(RECORDS_JSON), "PLONE_BENCH_BATCH": str(BATCH)},
            timeout=3600,
        )
        RECORDS_JSON.unlink()
        # The pack's copy of the storage before it.
        DATA_FS.with_name("Data.fs.old").unlink(missing_ok=True)
        LOADED_STAMP.write_text(digest)
        say(f"{self.name}: {len(records)} records loaded in {seconds:.0f} s")
        if was_running:
            self.start()

    def _loaded(self, digest: str, count: int) -> bool:
        if not (LOADED_STAMP.exists() and DATA_FS.exists()):
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
