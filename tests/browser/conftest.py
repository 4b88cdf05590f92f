"""Browser tests: the demo site served by a real server, driven in Chromium.

The site runs in a subprocess with the development settings (as `make run`),
on a SQLite database and media directory of its own in a temporary
directory: never pytest-django's test database, never var/. It is migrated
and loaded with the demo (seed_demo, about two minutes) once per session,
and only when a browser test is selected: the fixtures below are the only
way in.

Playwright is imported inside the fixtures, not at the top: without it (or
without Chromium or axe-core) tests/conftest.py deselects these tests, and
collecting them must still work.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import environment
from tests.browser.production_server import ProductionSite, copy_database
from tests.ops.local_server import stop

REPO_DIR = environment.BROWSER_DIR.parent.parent
# What a page is seen through: a laptop screen, in Swedish.
VIEWPORT = {"width": 1280, "height": 800}
LOCALE = "sv-SE"
SERVER_START_TIMEOUT = 60  # seconds


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser/ `browser`, before the suite-wide
    conftest deselects the tests marked so when Chromium, Playwright or
    axe-core is missing (or fails CI).

    They also run last: the session's Playwright keeps an event loop
    registered on the main thread, and Django then refuses the synchronous
    work (closing connections in a management command) of any test after.
    """
    in_browser, others = [], []
    for item in items:
        if environment.BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
            in_browser.append(item)
        else:
            others.append(item)
    items[:] = others + in_browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _site_environment(site_dir: Path) -> dict[str, str]:
    """The server's environment: development settings on the temporary
    directory, and nothing of the developer's or CI's own services."""
    env = {
        key: value
        for key, value in os.environ.items()
        # An Elasticsearch index or a Redis cache would outlive the run (and
        # could be the developer's own); ALLOWED_HOSTS must allow *.localhost.
        if key not in {"ELASTICSEARCH_URL", "REDIS_URL", "ALLOWED_HOSTS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=f"sqlite:///{site_dir / 'db.sqlite3'}",
        MEDIA_ROOT=str(site_dir / "media"),
        STATIC_ROOT=str(site_dir / "static"),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(*args: str, env: dict[str, str], log) -> None:
    """Run a manage.py command to the end, its output in the log."""
    log.write(f"\n$ manage.py {' '.join(args)}\n")
    log.flush()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        check=True,
    )


def _wait_until_answering(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(
        f"The test server did not answer on {url}; its log "
        f"({log_path}) ends:\n{log_path.read_text()[-3000:]}"
    )


@pytest.fixture(scope="session")
def seeded_site_dir() -> Iterator[Path | None]:
    """The temporary directory of the session's demo site (base_url): its
    SQLite database db.sqlite3, media, static files and server.log; None
    when BROWSER_BASE_URL names a developer's own site instead."""
    if os.environ.get("BROWSER_BASE_URL"):
        yield None
        return
    site_dir = Path(tempfile.mkdtemp(prefix="trygghetsportalen-browser-"))
    yield site_dir
    shutil.rmtree(site_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def base_url(seeded_site_dir: Path | None) -> Iterator[str]:
    """GR's demo site, served for this session: http://localhost:<port>.

    The member sites answer on http://<slug>.localhost:<port> (Chromium
    resolves every *.localhost name to the loopback address).
    """
    if os.environ.get("BROWSER_BASE_URL"):
        # A developer's own `make run` (its database changes: the editors'
        # journeys publish), to try a change without seeding a new site.
        yield os.environ["BROWSER_BASE_URL"].rstrip("/")
        return
    site_dir = seeded_site_dir
    log_path = site_dir / "server.log"
    port = _free_port()
    env = _site_environment(site_dir)
    server = worker = None
    with log_path.open("w") as log:
        try:
            try:
                _manage("migrate", "--no-input", env=env, log=log)
                _manage("build_messages", env=env, log=log)
                # The sites' port is part of their address: seeded for this one.
                _manage("seed_demo", "--port", str(port), env=env, log=log)
                _manage(
                    "shell", "-c", "from tests.browser import extra_content; "
                    "extra_content.add()", env=env, log=log,
                )  # fmt: skip
            except subprocess.CalledProcessError as error:
                raise RuntimeError(
                    f"Setting up the test site failed ({error}); its log "
                    f"({log_path}) ends:\n{log_path.read_text()[-3000:]}"
                ) from error
            # DEBUG (dev settings): runserver serves static and media files too.
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"]
                + ["--noreload"],
                cwd=REPO_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            # The sharing worker, as `make run` starts it: what GR publishes
            # in the editors' journeys reaches the members through it.
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--backend", "sharing"]
                + ["--no-reload"],
                cwd=REPO_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            url = f"http://localhost:{port}"
            _wait_until_answering(f"http://127.0.0.1:{port}/sv/", server, log_path)
            yield url
        finally:
            for process in (server, worker):
                if process is not None:
                    stop(process)


@pytest.fixture(scope="session")
def production_site(
    base_url: str, seeded_site_dir: Path | None
) -> Iterator[ProductionSite]:
    """The session's demo as production serves it (production_server.py):
    cms.settings.production (DEBUG off) on a copy of base_url's database,
    at http://localhost:<another port>, members on <slug>.localhost."""
    if seeded_site_dir is None:
        pytest.skip("BROWSER_BASE_URL: no seeded database to copy")
    directory = seeded_site_dir / "production"
    database_dir = directory / "database"
    database_dir.mkdir(parents=True)
    copy_database(seeded_site_dir / "db.sqlite3", database_dir / "db.sqlite3")
    env = _site_environment(directory) | {
        "DATABASE_URL": f"sqlite:///{database_dir / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "browser-tests-production-key-not-for-any-real-site-0123",
        "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
        # Plain HTTP here: no proxy in front to say it was HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        # The demo's uploads (logos): their renditions are in the database.
        "MEDIA_ROOT": str(seeded_site_dir / "media"),
    }
    port = _free_port()
    log_path = directory / "server.log"
    server = None
    with log_path.open("w") as log:
        try:
            _manage("collectstatic", "--no-input", env=env, log=log)
            server = subprocess.Popen(
                [sys.executable, "-m", "tests.browser.production_server"]
                + [f"127.0.0.1:{port}"],
                cwd=REPO_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            _wait_until_answering(f"http://127.0.0.1:{port}/healthz", server, log_path)
            yield ProductionSite(f"http://localhost:{port}", database_dir)
        finally:
            if server is not None:
                stop(server)


@pytest.fixture(scope="session")
def browser(base_url: str):
    """Debian's Chromium (or CHROMIUM_PATH), headless, for the whole session.

    Depends on base_url so that the slow site set-up comes first, and the
    browser does not sit idle through it.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=environment.chromium_path(),
            # As root (CI) Chromium refuses to start without this.
            args=["--no-sandbox"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url: str):
    """A fresh page per test, in a context of its own (no cookies or role
    carried over): 1280×800, Swedish, relative URLs against GR's site.

    Check it with helpers.axe / helpers.assert_accessible. A test whose
    pages break the Content-Security-Policy (a message in the console) fails.
    """
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale=LOCALE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    # Every page the test visited ran under the policy (cms/csp_policies.py).
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(
        violations
    )
