"""kill -9 of the real sharing worker in the middle of a 13-site fan-out.

The site's database is the test's own (a file for SQLite, a new database on
the PostgreSQL server of DATABASE_URL); the workers are real `manage.py
db_worker --backend sharing` processes, killed with SIGKILL at several
points of the fan-out and replaced. The database side of each step runs in
`manage.py shell` (tests/pages/worker_kill_scenario.py).
"""

import json
import os
import signal
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from tests.ops.manage_command import manage, start_worker
from tests.ops.scratch_database import ScratchDatabase
from tests.pages.worker_kill_scenario import MEMBERS, RESOURCES

REPO_DIR = Path(__file__).resolve().parents[2]
TOTAL = len(MEMBERS) * RESOURCES
# Seconds between heartbeats: a worker that misses three is dead. A killed
# worker on the same host is seen dead at once (its pid is gone).
HEARTBEAT = "1"


class Site:
    """The test's database, the manage.py steps, and the workers."""

    def __init__(self, workdir: Path, database_url: str) -> None:
        self.workdir = workdir
        self.database_url = database_url
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"ELASTICSEARCH_URL", "REDIS_URL"}
        } | {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(workdir / "media"),
            "SHARING_WORKER_HEARTBEAT": HEARTBEAT,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.log = (workdir / "workers.log").open("w")
        self.workers: list[subprocess.Popen] = []
        self.ids: list[int] = []

    def manage(self, *args: str) -> str:
        return manage(self.env, *args)

    def step(self, name: str) -> dict:
        out = self.manage(
            "shell",
            "-c",
            f"from tests.pages.worker_kill_scenario import run; run({name!r})",
        )
        return json.loads(out.strip().splitlines()[-1])

    def start_worker(self) -> subprocess.Popen:
        worker = start_worker(self.env, self.log)
        self.workers.append(worker)
        return worker

    def kill(self, worker: subprocess.Popen) -> None:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()

    def aliases(self) -> int:
        """How many aliases of GR's resources exist now (read directly)."""
        marks = ",".join(str(pk) for pk in self.ids)
        query = f"SELECT COUNT(*) FROM wagtailcore_page WHERE alias_of_id IN ({marks})"
        config = dj_database_url.parse(self.database_url)
        if config["ENGINE"].endswith("sqlite3"):
            with closing(sqlite3.connect(config["NAME"], timeout=20)) as db:
                return db.execute(query).fetchone()[0]
        with psycopg.connect(self.database_url) as db:
            return db.execute(query).fetchone()[0]

    def wait_for(self, predicate, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.02)
        raise AssertionError(f"Waited {timeout} s for {what}; {self.tail()}")

    def tail(self) -> str:
        self.log.flush()
        return (
            "workers' log ends:\n" + (self.workdir / "workers.log").read_text()[-3000:]
        )

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        self.log.close()


@pytest.fixture
def site() -> Iterator[Site]:
    workdir = Path(tempfile.mkdtemp(prefix="trygghetsportalen-kill-"))
    database = ScratchDatabase("trygghet_kill", workdir).create()
    site = Site(workdir, database.url)
    try:
        site.manage("migrate", "--no-input")
        site.ids = site.step("setup")["ids"]
        yield site
    finally:
        site.close()
        database.drop()


def mid_fan_out(aliases: int) -> int:
    """`aliases` (when true): some resource has reached only some members.

    Each resource's fan-out makes its 13 aliases one member at a time and
    the worker runs one fan-out at a time, so a count that is not a
    multiple of 13 means a fan-out is under way.
    """
    return aliases if aliases % len(MEMBERS) else 0


def assert_converged(site: Site, status: dict) -> None:
    """Every member has exactly one up-to-date alias of each resource."""
    assert status["per_site"] == {
        str(pk): dict.fromkeys(MEMBERS, 1) for pk in site.ids
    }, status["per_site"]
    assert status["stale"] == 0
    assert status["running_tasks"] == 0, status["tasks"]
    assert status["pending"] == 0
    assert status["claimed"] == 0


def test_killed_workers_are_replaced_and_every_member_gets_one_current_alias(
    site: Site, record_property
):
    site.step("publish")  # six fan-outs of 13 sites wait in the queue
    kills = []
    worker = site.start_worker()
    # Kill the worker at three points of the fan-out, each time starting a
    # new one, as a deploy or a crash would.
    for fraction in (0.05, 0.4, 0.75):
        reached = site.wait_for(
            lambda f=fraction: (n := site.aliases()) >= f * TOTAL and mid_fan_out(n),
            timeout=120,
            what=f"{fraction:.0%} of the aliases",
        )
        site.kill(worker)
        kills.append((reached, site.aliases()))
        worker = site.start_worker()
    started = time.monotonic()
    site.wait_for(
        lambda: site.step("status")["pending"] == 0 and site.aliases() == TOTAL,
        timeout=60,
        what="every member to have every resource",
    )
    recovery = time.monotonic() - started
    status = site.step("status")
    assert_converged(site, status)
    # The kills really fell in the middle of a fan-out.
    assert any(mid_fan_out(after) for _, after in kills), kills
    # The tasks the killed workers were running are failed, not RUNNING.
    assert status["lost_tasks"] >= 1, status["tasks"]
    assert sum(status["workers"].values()) == 3, status["workers"]
    # Every alias's arrival is in the member's page history.
    assert status["logged"]["pages.sharing.create"] == TOTAL

    # A publish after all that reaches every member through the new worker.
    site.step("publish")
    site.wait_for(
        lambda: (s := site.step("status"))["pending"] == 0 and s["stale"] == 0,
        timeout=60,
        what="the republish to reach every member",
    )
    assert_converged(site, site.step("status"))
    record_property("kills (aliases seen, aliases after)", kills)
    record_property("seconds to converge after the last kill", round(recovery, 1))


def test_sync_shared_finishes_what_a_killed_worker_left(site: Site):
    site.step("publish")
    worker = site.start_worker()
    site.wait_for(
        lambda: (n := site.aliases()) >= TOTAL // 3 and mid_fan_out(n),
        timeout=120,
        what="a third of the aliases, mid fan-out",
    )
    site.kill(worker)
    after = site.aliases()
    assert after < TOTAL
    # No worker any more: the operator's periodic command does it all.
    out = site.manage("sync_shared")
    status = site.step("status")
    assert_converged(site, status)
    if mid_fan_out(after):  # the kill fell inside a fan-out (nearly always)
        assert "1 task(s) marked failed" in out, out
        assert status["lost_tasks"] == 1
