"""A load generator and the production-like stack it runs against.

Stack (ServedDemo): a PostgreSQL database of its own with the demo content,
gunicorn with the production settings, the sharing worker, and a
redis-server of its own as the cache. Load (run_load): N keep-alive
connections, each a thread sending GETs from a mix of URLs for a fixed
time, recording status, latency and connection errors.
"""

import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.ops.redis_server import RedisServer, free_port
from tests.ops.scratch_database import ScratchDatabase

REPO_DIR = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def proxied(host: str, port: int) -> dict[str, str]:
    """The headers of a request as the TLS proxy in front passes it on:
    production settings redirect plain HTTP to HTTPS (README "Security
    headers")."""
    return {"Host": f"{host}:{port}", "X-Forwarded-Proto": "https"}


class ServedDemo:
    """The demo, served as production serves it, on 127.0.0.1:<port>."""

    def __init__(self, server_url: str) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="trygghetsportalen-load-"))
        self.port = free_port()
        self.redis = RedisServer()
        self.database = ScratchDatabase("trygghet_load", self.workdir, server_url)
        self.database_url = self.database.url
        self.processes: list[subprocess.Popen] = []
        self.log = (self.workdir / "server.log").open("w")
        base = {
            key: value
            for key, value in os.environ.items()
            if key not in {"ELASTICSEARCH_URL", "REDIS_URL", "ALLOWED_HOSTS"}
        }
        self.dev_env = base | {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.workdir / "media"),
            "STATIC_ROOT": str(self.workdir / "static"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.env = self.dev_env | {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "load-test-secret-key-not-for-production",
            "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
            "REDIS_URL": self.redis.url,
            "LOG_LEVEL": "WARNING",
            # Every connection comes from 127.0.0.1: counted, never refused.
            "API_RATE_LIMIT_ANONYMOUS": "1000000000",
        }

    def manage(self, *args: str, production: bool = False) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_DIR,
            env=self.env if production else self.dev_env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def start(self) -> "ServedDemo":
        self.database.create()
        self.manage("migrate", "--no-input")
        self.manage("build_messages")
        self.manage("seed_demo", "--port", str(self.port))
        self.manage("update_index", "--only-documents", "--if-empty")
        self.manage("collectstatic", "--no-input", production=True)
        self.redis.start()
        self.spawn(
            [GUNICORN, "cms.wsgi:application", "--workers", "3", "--threads", "2"]
            + ["--bind", f"127.0.0.1:{self.port}", "--timeout", "30"]
        )
        self.spawn(
            [sys.executable, "manage.py", "db_worker", "--backend", "sharing"]
            + ["--no-reload"]
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = self.get("/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer; {self.tail()}")

    def spawn(self, command: list[str]) -> None:
        self.processes.append(
            subprocess.Popen(
                command,
                cwd=REPO_DIR,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        )

    def get(self, path: str, host: str = "localhost") -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=proxied(host, self.port))
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def get_json(self, path: str, host: str = "localhost"):
        status, body = self.get(path, host)
        if status != 200:
            raise RuntimeError(f"{path} on {host}: {status}")
        return json.loads(body)

    def tail(self) -> str:
        self.log.flush()
        return "server log ends:\n" + (self.workdir / "server.log").read_text()[-4000:]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.redis.stop()
        self.log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)
        self.database.drop()


def url_mix(demo: ServedDemo) -> list[tuple[str, str, str]]:
    """(group, host, path) for API, site pages and search, on GR and members."""
    members = ["molndal", "partille", "ale"]
    resources = demo.get_json("/api/v1/resources/?site=gr&limit=50")["items"]
    roles = [role["slug"] for role in demo.get_json("/api/v1/roles/?site=gr")["items"]]
    themes = [t["slug"] for t in demo.get_json("/api/v1/themes/?site=gr")["items"]]
    mix = []
    for site in ["gr", *members]:
        host = "localhost" if site == "gr" else f"{site}.localhost"
        mix += [
            ("api list", host, f"/api/v1/resources/?site={site}"),
            ("api list", host, f"/api/v1/resources/?site={site}&role={roles[0]}"),
            ("api list", host, f"/api/v1/resources/?site={site}&theme={themes[0]}"),
            ("api search", host, f"/api/v1/search/?site={site}&q=brott"),
            ("api search", host, f"/api/v1/search/?site={site}&q=upphandling"),
            ("site", host, "/sv/"),
            ("site", host, f"/sv/roller/{roles[1 % len(roles)]}/"),
            ("site search", host, "/sv/sok/?q=trygghet"),
        ]
    for resource in resources[:10]:
        mix.append(("api detail", "localhost", f"/api/v1/resources/{resource['id']}/"))
        path = resource["url"].split(f":{demo.port}", 1)[-1]
        if path.startswith("/"):
            mix.append(("site", "localhost", path))
    mix.append(("api v2", "localhost", "/api/v2/pages/?limit=20"))
    return mix


@dataclass
class LoadResult:
    seconds: float
    # (seconds into the run, group, status, milliseconds, path)
    samples: list[tuple[float, str, int, float, str]] = field(default_factory=list)
    errors: list[tuple[float, str, str]] = field(default_factory=list)

    def latencies(self, group: str | None = None) -> list[float]:
        return [ms for _, g, _, ms, _ in self.samples if group is None or g == group]

    def latencies_between(self, start: float, end: float) -> list[float]:
        return [ms for at, _, _, ms, _ in self.samples if start <= at < end]

    def server_errors(self) -> list[tuple]:
        return [sample for sample in self.samples if sample[2] >= 500]

    def not_ok(self) -> list[tuple]:
        """Answers other than 2xx and 3xx (the mix has only pages that exist)."""
        return [sample for sample in self.samples if sample[2] >= 400]

    def in_window(self, start: float, end: float) -> int:
        return sum(1 for at, _, status, _, _ in self.samples if start <= at < end)

    def summary(self) -> dict:
        def figures(values: list[float]) -> dict:
            if not values:
                return {"requests": 0}
            ordered = sorted(values)
            pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
            return {
                "requests": len(values),
                "p50_ms": round(statistics.median(ordered), 1),
                "p95_ms": round(pick(0.95), 1),
                "p99_ms": round(pick(0.99), 1),
            }

        groups = sorted({group for _, group, _, _, _ in self.samples})
        return {
            "seconds": round(self.seconds, 1),
            "requests_per_second": round(len(self.samples) / self.seconds, 1),
            "server_errors": len(self.server_errors()),
            "connection_errors": len(self.errors),
            "all": figures(self.latencies()),
            "groups": {group: figures(self.latencies(group)) for group in groups},
        }


def run_load(
    demo: ServedDemo, mix, seconds: float, connections: int = 32
) -> LoadResult:
    """`connections` keep-alive connections sending GETs for `seconds`."""
    result = LoadResult(seconds=seconds)
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + seconds

    def client(number: int) -> None:
        chooser = random.Random(number)
        connection = None
        while time.monotonic() < deadline:
            group, host, path = chooser.choice(mix)
            sent = time.monotonic()
            for attempt in (1, 2):
                reused = connection is not None
                try:
                    if connection is None:
                        connection = http.client.HTTPConnection(
                            "127.0.0.1", demo.port, timeout=30
                        )
                    connection.request("GET", path, headers=proxied(host, demo.port))
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as error:
                    if connection is not None:
                        connection.close()
                    connection = None
                    # A kept-alive connection the server closed meanwhile is
                    # retried once on a new one, as every HTTP client does.
                    if reused and attempt == 1:
                        continue
                    with lock:
                        result.errors.append((sent - start, path, repr(error)))
                    break
                elapsed_ms = (time.monotonic() - sent) * 1000
                with lock:
                    result.samples.append(
                        (sent - start, group, response.status, elapsed_ms, path)
                    )
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
                break
        if connection is not None:
            connection.close()

    threads = [
        threading.Thread(target=client, args=(number,), daemon=True)
        for number in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    result.seconds = time.monotonic() - start
    return result
