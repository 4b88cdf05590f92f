"""What the browser tests need, checked without importing Playwright: the
suite-wide conftest deselects them (or fails CI) when any of it is missing."""

import importlib.util
import os
import shutil
from pathlib import Path

BROWSER_DIR = Path(__file__).resolve().parent
# Installed by `npm ci --prefix tests/browser` (make test runs it).
AXE_SCRIPT = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"


def chromium_path() -> str:
    """Debian's Chromium, or CHROMIUM_PATH: Playwright downloads no browser here."""
    return os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


def missing() -> str:
    """What this machine lacks for the browser tests, "" when nothing."""
    lacking = []
    if not shutil.which(chromium_path()):
        lacking.append(
            f"Chromium not found at {chromium_path()} "
            "(apt-get install -y chromium, or set CHROMIUM_PATH)"
        )
    if importlib.util.find_spec("playwright") is None:
        lacking.append("the playwright package is not installed (make install)")
    if not AXE_SCRIPT.is_file():
        lacking.append(
            "axe-core not found at tests/browser/node_modules/axe-core/axe.min.js "
            "(npm ci --prefix tests/browser; make test runs it when npm is there)"
        )
    return "; ".join(lacking)
