"""This project as a peer: its database built by build_project.py, served
as production serves it.

gunicorn with the production settings and a redis-server of its own as the
shared cache (the ETags, the response cache and the rate limits live
there). Workers and threads are `PEERS_WORKERS` (3) and `PEERS_THREADS`
(1), the count the README recommends for a 2-core machine. Requests carry
what the TLS proxy in front passes on (X-Forwarded-Proto: https), since
production settings redirect plain HTTP.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from tests.benchmarks.peers.common import (
    PAGE_SIZE,
    PEERS_DIR,
    ROOT,
    Peer,
    Query,
    Record,
    say,
    stop_process,
    wait_for,
)
from tests.ops.redis_server import RedisServer, free_port

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
ALL_STAFF = "alla-medarbetare"
# Where a site page row's requests go (the demo's paths, GR's site).
SITE_PAGES = (
    "/sv/",
    "/sv/motverka-brott/",
    "/sv/motverka-brott/organiserad-brottslighet/",
    "/sv/motverka-brott/organiserad-brottslighet/varningstecken-i-upphandling/",
    "/sv/roller/socialtjanst/",
)


class ProjectPeer(Peer):
    name = "Trygghetsportalen"

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.workdir = Path(tempfile.mkdtemp(prefix="peers-project-"))
        self.redis = RedisServer()
        self.server: subprocess.Popen | None = None
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.workers = int(os.environ.get("PEERS_WORKERS", "3"))
        self.threads = int(os.environ.get("PEERS_THREADS", "1"))
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"ELASTICSEARCH_URL", "REDIS_URL", "DATABASE_URL"}
        } | {
            "BENCH_DATABASE_URL": database_url,
            "BENCH_MEDIA_ROOT": str(PEERS_DIR / "bench-media"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def install(self) -> None:
        """Nothing: the project's own virtual environment serves."""

    def build(self, resources: int) -> None:
        """The database and var/peers/records.json (build_project.py)."""
        subprocess.run(
            [sys.executable, "tests/benchmarks/peers/build_project.py"],
            cwd=ROOT,
            env=self.env | {"PEERS_RESOURCES": str(resources)},
            check=True,
            timeout=1800,
        )

    def load(self, records: list[Record]) -> None:
        """Built by build() already; the records came from it."""

    def production_env(self) -> dict[str, str]:
        return self.env | {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": "peers-benchmark-secret-key-not-for-production",
            "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
            "REDIS_URL": self.redis.url,
            "MEDIA_ROOT": str(PEERS_DIR / "bench-media"),
            "STATIC_ROOT": str(self.workdir / "static"),
            "LOG_LEVEL": "WARNING",
            # Every request comes from 127.0.0.1: counted, never refused.
            "API_RATE_LIMIT_ANONYMOUS": "1000000000",
        }

    def start(self) -> None:
        self.redis.start()
        env = self.production_env()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
        log = (PEERS_DIR / "project-server.log").open("w")
        self.server = subprocess.Popen(
            [GUNICORN, "cms.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", str(self.workers), "--threads", str(self.threads)]
            + ["--timeout", "60"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(f"{self.base_url}/healthz", 60, self.headers())
        say(f"{self.name}: gunicorn on {self.base_url}, {self.workers} workers")

    def headers(self) -> dict[str, str]:
        return {"Host": "localhost", "X-Forwarded-Proto": "https"}

    def empty_cache(self) -> None:
        """Forget every kept answer and page (pages/api/responses.py,
        pages/page_cache.py), and nothing else the cache holds: the next
        answer is computed as after a change."""
        import redis

        client = redis.Redis.from_url(self.redis.url)
        for pattern in ("*api-response:*", "*site-page:*"):
            keys = list(client.scan_iter(match=pattern, count=1000))
            if keys:
                client.delete(*keys)

    def path(self, query: Query) -> str:
        params: list[tuple[str, str]] = [("site", "gr")]
        if query.type == "search":
            params.append(("q", query.q))
        # The API's role filter includes the material for all staff unless
        # role_strict is given: the peers ask for that role explicitly.
        roles = [role for role in query.roles if role != ALL_STAFF]
        if roles:
            params.append(("role", ",".join(roles)))
        for name in ("theme", "topic", "kind"):
            if getattr(query, name):
                params.append((name, getattr(query, name)))
        params.append(("limit", str(PAGE_SIZE)))
        if query.offset:
            params.append(("offset", str(query.offset)))
        if query.facets:
            params.append(("facets", "true"))
        endpoint = "search" if query.type == "search" else "resources"
        return f"/api/v1/{endpoint}/?{urlencode(params)}"

    def total(self, body: bytes) -> int:
        return json.loads(body)["count"]

    def pids(self) -> list[int]:
        """gunicorn's workers (its children), not the arbiter."""
        if self.server is None:
            return []
        children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def stop(self) -> None:
        stop_process(self.server)
        self.server = None
        self.redis.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
