"""kill -9 of the real worker while it waits for a receiver: the next worker
delivers the same message again (at least once, same webhook-id)."""

import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from tests.ops.manage_command import manage, start_worker
from tests.ops.scratch_database import ScratchDatabase
from tests.webhooks.receiver import HOLD, Receiver

REPO_DIR = Path(__file__).resolve().parents[2]


class Site:
    def __init__(self, workdir: Path, database_url: str) -> None:
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"ELASTICSEARCH_URL", "REDIS_URL"}
        } | {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(workdir / "media"),
            "SHARING_WORKER_HEARTBEAT": "1",
            # An attempt is taken for lost 3 × 1 + 5 = 8 s after it started.
            "WEBHOOK_TIMEOUT": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.log = (workdir / "workers.log").open("w")
        self.workers: list[subprocess.Popen] = []

    def manage(self, *args: str) -> str:
        return manage(self.env, *args)

    def step(self, name: str, url: str = "") -> dict:
        code = f"from tests.webhooks.kill_scenario import run; run({name!r}, {url!r})"
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def start_worker(self) -> subprocess.Popen:
        worker = start_worker(self.env, self.log)
        self.workers.append(worker)
        return worker

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        self.log.close()


def test_a_worker_killed_mid_delivery_is_followed_by_the_same_message():
    workdir = Path(tempfile.mkdtemp(prefix="trygghetsportalen-webhook-kill-"))
    database = ScratchDatabase("trygghet_webhook", workdir).create()
    site = Site(workdir, database.url)
    try:
        site.manage("migrate", "--no-input")
        with Receiver(HOLD) as receiver:
            assert site.step("setup", receiver.url) == {"deliveries": 1}
            worker = site.start_worker()
            receiver.wait_for(1)  # the worker is waiting for the answer
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
            receiver.released.set()
            [before] = site.step("status")["deliveries"]
            assert (before["status"], before["attempts"]) == ("pending", 1)
            site.start_worker()
            requests = receiver.wait_for(2, timeout=90)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                [after] = site.step("status")["deliveries"]
                if after["status"] != "pending":
                    break
        assert [headers["webhook-id"] for headers, _ in requests] == [before["id"]] * 2
        assert (after["status"], after["attempts"]) == ("delivered", 2)
    finally:
        site.close()
        database.drop()
