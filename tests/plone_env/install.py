"""Plone's own virtual environment: var/plone/venv, the pins in
requirements.txt beside this file.

One venv serves every user (the live import tests, `make bench-peers`);
each keeps its instances and ZODB elsewhere. `install()` is idempotent (a
stamp in the venv names the pins it holds) and safe to call from two
processes at once (CI's SQLite and PostgreSQL passes both run `make test`):
a file lock lets one install while the other waits, then finds it done.
"""

import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REQUIREMENTS_FILE = HERE / "requirements.txt"
PLONE_HOME = ROOT / "var" / "plone"
VENV = PLONE_HOME / "venv"
BIN = VENV / "bin"
# Written last, holding the pins: a venv without it (an install that
# failed or was interrupted) is installed again from scratch.
STAMP = VENV / ".installed"
PIP_LOG = PLONE_HOME / "pip.log"
FREEZE = PLONE_HOME / "pip-freeze.txt"
LOCK = PLONE_HOME / "install.lock"
# Plone's Python: the one the project's venv was made from, by default.
PYTHON = os.environ.get("PLONE_PYTHON", "python3")
INSTALL_TIMEOUT = 3600  # seconds


def requirements() -> list[str]:
    """The pinned requirements, without comments."""
    lines = REQUIREMENTS_FILE.read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and line[0] != "#"]


def installed() -> bool:
    """Whether the venv holds exactly the pinned requirements."""
    return (
        STAMP.is_file()
        and STAMP.read_text() == "\n".join(requirements())
        and (BIN / "runwsgi").is_file()
    )


def missing() -> str:
    """What the tests marked `plone` lack, "" when nothing."""
    if installed():
        return ""
    return (
        f"Plone 6.2 is not installed in {_shown(VENV)} "
        f"(make plone; make test runs it, and its log is {_shown(PIP_LOG)})"
    )


def _shown(path: Path) -> Path:
    """`path` from the repository's root, as make and its readers see it."""
    return path.relative_to(ROOT)


def plone_env() -> dict[str, str]:
    """This process's environment without what would point Plone's Python
    at the project's packages, Plone's venv first on PATH."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    return env | {"PATH": f"{BIN}:{env.get('PATH', '')}"}


def install(say: Callable[[str], None] = print) -> None:
    """Create the venv and pip install the pins, unless done already."""
    PLONE_HOME.mkdir(parents=True, exist_ok=True)
    with LOCK.open("w") as lock:
        if not installed():
            # Another process may be installing: wait for it, then look again.
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                say(
                    f"Plone: another process is installing into {_shown(VENV)}, waiting"
                )
                fcntl.flock(lock, fcntl.LOCK_EX)
        if installed():
            say(f"Plone: {', '.join(requirements())} installed in {_shown(VENV)}")
            return
        _install(say)


def _install(say: Callable[[str], None]) -> None:
    pins = requirements()
    say(
        f"Plone: installing {', '.join(pins)} into {_shown(VENV)} "
        f"(a few minutes; log: {_shown(PIP_LOG)})"
    )
    started = time.monotonic()
    if VENV.exists():
        shutil.rmtree(VENV)
    subprocess.run([PYTHON, "-m", "venv", str(VENV)], check=True, timeout=300)
    with PIP_LOG.open("w") as log:
        result = subprocess.run(
            [str(BIN / "pip"), "install", "--no-input", *pins],
            env=plone_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
    if result.returncode != 0:
        tail = PIP_LOG.read_text().splitlines()[-15:]
        raise RuntimeError(
            f"pip install failed ({result.returncode}); the end of {_shown(PIP_LOG)}:\n"
            + "\n".join(tail)
        )
    freeze = subprocess.run(
        [str(BIN / "pip"), "freeze"],
        env=plone_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    FREEZE.write_text(freeze.stdout)
    STAMP.write_text("\n".join(pins))
    say(f"Plone: installed in {time.monotonic() - started:.0f} s")


def main() -> int:
    """`make plone`: install, or say why not (exit status 1)."""
    try:
        install()
    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
        sys.stderr.write(f"Plone: install failed: {error}\n")
        return 1
    return 0
