"""manage.py in a process of its own, for tests that need real processes
(a killed worker, two servers sharing Redis) on a scratch database."""

import subprocess
import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> str:
    """Run `manage.py *args` with `env`; its output, or AssertionError with
    the end of its errors."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise AssertionError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def start_worker(env: dict[str, str], log) -> subprocess.Popen:
    """The sharing queue's worker (sharing fan-outs and webhooks), polling
    every 0.2 s from the start, its output to `log`."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--backend", "sharing"]
        + ["--no-reload", "--interval", "0.2", "--no-startup-delay"],
        cwd=REPO_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
