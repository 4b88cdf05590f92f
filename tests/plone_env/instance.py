"""A Zope instance of Plone's venv: its configuration, a site made by a
`zconsole run` script, and the WSGI server that serves it.

Everything lives in one directory: instance/ (mkwsgiinstance's skeleton,
our zope.conf and zope.ini), Data.fs with blobstorage/ beside it, and
server.log, where the scripts' and the server's output goes. Served as
Plone serves by default: waitress through `runwsgi`, one process, on
127.0.0.1 only, without the access log (translogger).
"""

import dataclasses
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.plone_env.install import BIN, plone_env

SCRIPTS = Path(__file__).resolve().parent / "scripts"
CREATE_SITE = SCRIPTS / "create_site.py"

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


@dataclasses.dataclass(frozen=True)
class SiteSpec:
    """The Plone site scripts/create_site.py makes.

    `languages`: the first is the default; with more than one,
    plone.app.multilingual sets up a root folder per language (/Plone/sv,
    /Plone/en). `profiles`: extension profiles beyond the classic site's
    (plone.app.contenttypes and plone.restapi). `field_indexes`: catalog
    FieldIndexes of their own, which @search then filters on.
    """

    id: str = "Plone"
    title: str = "Plone"
    languages: tuple[str, ...] = ("sv",)
    timezone: str = "Europe/Stockholm"
    profiles: tuple[str, ...] = ()
    field_indexes: tuple[str, ...] = ()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PloneInstance:
    """One Zope instance in `directory`, served on demand.

    `admin` ("user:password") is the Zope root's Manager. `timezone` is the
    server's and scripts' TZ (Plone stores effective and expiration dates
    in the server's local time); None leaves the machine's.
    """

    def __init__(
        self,
        directory: Path,
        *,
        admin: str = "admin:admin",
        threads: int = 4,
        cache_size: int = 30_000,
        timezone: str | None = None,
    ) -> None:
        self.directory = directory
        self.admin = admin
        self.threads = threads
        self.cache_size = cache_size
        self.timezone = timezone
        self.home = directory / "instance"
        self.zope_conf = self.home / "etc" / "zope.conf"
        self.zope_ini = self.home / "etc" / "zope.ini"
        self.data_fs = directory / "Data.fs"
        self.blobs = directory / "blobstorage"
        self.log = directory / "server.log"
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = plone_env()
        return env | {"TZ": self.timezone} if self.timezone else env

    # --- Configure and script -------------------------------------------------

    def write(self) -> None:
        """mkwsgiinstance's skeleton (site.zcml, var/), our zope.conf and
        zope.ini over it; rewritten every time, which is cheap."""
        if not (self.home / "etc" / "site.zcml").exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [str(BIN / "mkwsgiinstance"), "-d", str(self.home), "-u", self.admin],
                env=self.env(),
                check=True,
                timeout=120,
                stdout=subprocess.DEVNULL,
            )
        (self.home / "var" / "cache").mkdir(parents=True, exist_ok=True)
        self.zope_conf.write_text(
            ZOPE_CONF_TEXT.format(
                instance=self.home,
                cache_size=self.cache_size,
                blobs=self.blobs,
                data_fs=self.data_fs,
            )
        )
        self.zope_ini.write_text(ZOPE_INI_TEXT.replace("{threads}", str(self.threads)))

    def run_script(
        self, script: Path, extra_env: dict[str, str], timeout: float
    ) -> float:
        """`zconsole run` a script on the stopped instance (a FileStorage
        admits one process), output into the log; returns its wall time.
        The script finds the admin in PLONE_ADMIN ("user:password")."""
        if self.running():
            raise RuntimeError("stop the server before running a script")
        started = time.monotonic()
        with self.log.open("a") as log:
            log.write(f"\n--- zconsole run {script.name}\n")
            log.flush()
            result = subprocess.run(
                [str(BIN / "zconsole"), "run", str(self.zope_conf), str(script)],
                cwd=self.home,
                env=self.env() | {"PLONE_ADMIN": self.admin} | extra_env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        if result.returncode != 0:
            raise RuntimeError(
                f"Plone: {script.name} failed ({result.returncode}):\n{self.log_tail()}"
            )
        return time.monotonic() - started

    def create_site(self, site: SiteSpec, timeout: float = 900) -> float:
        """scripts/create_site.py for `site`; returns its wall time."""
        spec = json.dumps(dataclasses.asdict(site))
        return self.run_script(CREATE_SITE, {"PLONE_SITE": spec}, timeout)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    # --- Serve ----------------------------------------------------------------

    def start(self, ready_path: str = "/", timeout: float = 300) -> float:
        """runwsgi on a free port (the same one when started again), until
        `ready_path` answers; returns the seconds that took."""
        if self.running():
            return 0.0
        self.port = self.port or free_port()
        with self.log.open("a") as log:
            log.write(f"\n--- runwsgi on port {self.port}\n")
            log.flush()
            self.process = subprocess.Popen(
                [str(BIN / "runwsgi"), str(self.zope_ini), f"http_port={self.port}"],
                cwd=self.home,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started = time.monotonic()
        try:
            self._wait_for(self.base_url + ready_path, timeout)
        except RuntimeError:
            self.stop()
            raise
        return time.monotonic() - started

    def _wait_for(self, url: str, timeout: float) -> None:
        """wait_for(), with the server's log in the error."""
        try:
            wait_for(url, timeout, process=self.process)
        except RuntimeError as error:
            raise RuntimeError(f"Plone: {error}\n{self.log_tail()}") from None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 20) -> None:
        process, self.process = self.process, None
        stop_process(process, timeout)

    def pids(self) -> list[int]:
        return [self.process.pid] if self.running() else []


def stop_process(process: subprocess.Popen | None, timeout: float = 20) -> None:
    """SIGTERM the process group started with start_new_session=True, then
    SIGKILL what is left."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass


def wait_for(
    url: str,
    timeout: float,
    headers: dict | None = None,
    process: subprocess.Popen | None = None,
) -> None:
    """Until `url` answers 2xx/3xx/4xx (a server is up), or RuntimeError;
    at once if `process`, the server, has exited."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=5):
                return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
            last = error
        except OSError as error:
            last = error
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f} s: {last}")
