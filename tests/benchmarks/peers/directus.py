"""Directus 11 as a peer: a `resources` collection answering `/items`.

Installed from npm into var/peers/directus (a package.json of its own,
directus pinned at 11.3.5, the last release for Node 20). The database is
PostgreSQL when the runner gives one (the database in its URL, dropped and
created again for a fresh load), else SQLite in var/peers/directus (11.3.5
uses the `sqlite3` driver, which npm builds from source here). The CLI runs
as `npx directus` would run it, but with `node` straight on its cli.js, so
the serving process is one node process without an npm wrapper around it.

Served as `directus start` serves by default (one process), except:
CACHE_ENABLED=false (said outright; it is the default too), so every
request reaches the database as this project's uncached requests do;
LOG_LEVEL=warn, so pino does not write a line per request; TELEMETRY=false.

Records become items of `resources` (uid as primary key, indexes on theme,
topic, kind and published), roles items of `roles` (slug as primary key),
linked many-to-many through `resources_roles` (resources_uid, roles_slug,
both indexed). The Public policy may read the three collections, so the
benchmark's requests are anonymous. Loading goes through the REST API as
the admin, in batches with the roles nested; the records' hash is kept in
the `resources` collection's note, so a database that holds them is not
loaded again.
"""

import dataclasses
import hashlib
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

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

DIRECTUS_VERSION = "11.3.5"
DIRECTUS_DIR = PEERS_DIR / "directus"
CLI = DIRECTUS_DIR / "node_modules" / "directus" / "cli.js"
INSTALLED_STAMP = DIRECTUS_DIR / "installed"
SQLITE_FILE = DIRECTUS_DIR / "directus.sqlite3"
SERVER_LOG = DIRECTUS_DIR / "server.log"
BOOTSTRAP_LOG = DIRECTUS_DIR / "bootstrap.log"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "peers-directus-admin"  # a local benchmark's admin
# Items per POST /items/resources: large enough that HTTP is not the cost,
# small enough that one request stays well under the payload limit.
BATCH = 250
# The fields every answer carries, roles as their slugs.
FIELDS = "uid,title,summary,published,kind,theme,topic,roles.roles_slug"
LOADED_NOTE = "records sha256 "


def records_digest(records: list[Record]) -> str:
    text = json.dumps([dataclasses.asdict(r) for r in records], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def process_group(leader: int) -> list[int]:
    """The processes of the session `leader` started (node, if it forks)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) == leader:
                pids.append(int(entry.name))
        except OSError:
            continue
    return sorted(pids)


class DirectusError(RuntimeError):
    pass


class DirectusPeer(Peer):
    name = "Directus 11"

    def __init__(self, database_url: str | None = None) -> None:
        self.database_url = database_url
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.base_url = ""
        self.token = ""

    # --- Configuration ------------------------------------------------------

    def database_env(self) -> dict[str, str]:
        if not self.database_url:
            return {"DB_CLIENT": "sqlite3", "DB_FILENAME": str(SQLITE_FILE)}
        address = urlsplit(self.database_url)
        return {
            "DB_CLIENT": "pg",
            "DB_HOST": address.hostname or "127.0.0.1",
            "DB_PORT": str(address.port or 5432),
            "DB_DATABASE": address.path.lstrip("/"),
            "DB_USER": address.username or "postgres",
            "DB_PASSWORD": address.password or "",
        }

    def env(self) -> dict[str, str]:
        """A clean environment: Directus reads every DB_*, PORT, KEY... it
        finds, so nothing of the caller's leaks in."""
        env = {
            key: os.environ[key]
            for key in ("PATH", "HOME", "LANG", "TMPDIR")
            if key in os.environ
        }
        return (
            env
            | self.database_env()
            | {
                "KEY": "peers-directus-key",
                "SECRET": "peers-directus-secret",
                "ADMIN_EMAIL": ADMIN_EMAIL,
                "ADMIN_PASSWORD": ADMIN_PASSWORD,
                "HOST": "127.0.0.1",
                "PORT": str(self.port or 8055),
                "PUBLIC_URL": self.base_url or "/",
                "CACHE_ENABLED": "false",
                "LOG_LEVEL": "warn",
                "TELEMETRY": "false",
                # A loading batch with its bodies, and a token outliving the load.
                "MAX_PAYLOAD_SIZE": "50mb",
                "ACCESS_TOKEN_TTL": "2h",
                "NODE_ENV": "production",
            }
        )

    # --- Install ------------------------------------------------------------

    def install(self) -> None:
        # extensions/: Directus warns at every start when it is missing.
        (DIRECTUS_DIR / "extensions").mkdir(parents=True, exist_ok=True)
        self._install_package()
        self._create_database(drop=False)
        self._bootstrap()

    def _install_package(self) -> None:
        """npm install, skipped when the stamp names the same version."""
        if (
            INSTALLED_STAMP.exists()
            and INSTALLED_STAMP.read_text() == DIRECTUS_VERSION
            and CLI.exists()
        ):
            return
        say(f"{self.name}: npm install directus@{DIRECTUS_VERSION} in {DIRECTUS_DIR}")
        started = time.monotonic()
        package = DIRECTUS_DIR / "package.json"
        if not package.exists():
            package.write_text('{"name": "peers-directus", "private": true}\n')
        subprocess.run(
            [
                "npm",
                "install",
                f"directus@{DIRECTUS_VERSION}",
                "--save-exact",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ],
            cwd=DIRECTUS_DIR,
            check=True,
            timeout=3600,
        )
        INSTALLED_STAMP.write_text(DIRECTUS_VERSION)
        say(f"{self.name}: installed in {time.monotonic() - started:.0f} s")

    def _create_database(self, drop: bool) -> None:
        """The PostgreSQL database when missing (or always, after dropping
        it); on SQLite, dropping removes the file and bootstrap makes it."""
        if not self.database_url:
            if drop:
                for suffix in ("", "-journal", "-wal", "-shm"):
                    Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
            return
        import psycopg
        from psycopg import sql

        address = urlsplit(self.database_url)
        name = address.path.lstrip("/")
        server = address._replace(path="/postgres").geturl()
        with psycopg.connect(server, autocommit=True) as connection:
            if drop:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(name)
                    )
                )
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                )

    def _bootstrap(self) -> None:
        """`directus bootstrap`: system tables and the admin on an empty
        database, only the migrations on an installed one."""
        started = time.monotonic()
        with BOOTSTRAP_LOG.open("a") as log:
            result = subprocess.run(
                ["node", str(CLI), "bootstrap"],
                cwd=DIRECTUS_DIR,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=600,
            )
        if result.returncode != 0:
            raise DirectusError(f"directus bootstrap failed:\n{tail(BOOTSTRAP_LOG)}")
        say(f"{self.name}: bootstrapped in {time.monotonic() - started:.1f} s")

    # --- Serve ----------------------------------------------------------------

    def start(self) -> None:
        if self.running():
            return
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        log = SERVER_LOG.open("a")
        log.write(f"\n--- directus start on port {self.port}\n")
        log.flush()
        self.process = subprocess.Popen(
            ["node", str(CLI), "start"],
            cwd=DIRECTUS_DIR,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        started = time.monotonic()
        try:
            wait_for(f"{self.base_url}/server/health", 180)
        except RuntimeError as error:
            self.stop()
            raise DirectusError(f"{error}\n{tail(SERVER_LOG)}") from None
        say(
            f"{self.name}: directus start on {self.base_url} (CACHE_ENABLED=false), "
            f"up in {time.monotonic() - started:.1f} s"
        )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None
        self.token = ""

    def pids(self) -> list[int]:
        return process_group(self.process.pid) if self.running() else []

    # --- The REST API as the admin -------------------------------------------

    def api(self, method: str, path: str, payload: object = None) -> dict:
        """One request; the answer's JSON ({} when empty), DirectusError with
        Directus's own message on an error status."""
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")[:2000]
            raise DirectusError(f"{method} {path}: {error.code} {detail}") from None
        return json.loads(body) if body else {}

    def login(self) -> None:
        self.token = ""
        answer = self.api(
            "POST", "/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        )
        self.token = answer["data"]["access_token"]

    # --- Load -----------------------------------------------------------------

    def load(self, records: list[Record]) -> None:
        """Skipped when the database holds these records (the collection's
        note names their hash and the count matches); otherwise a fresh
        database, the schema, the Public policy's read access, the items."""
        digest = records_digest(records)
        self.start()
        self.login()
        loaded = self._loaded_digest()
        if loaded == digest and self._count() == len(records):
            say(f"{self.name}: {len(records)} records loaded already")
            return
        if loaded is not None:
            say(f"{self.name}: other records loaded, starting from a fresh database")
            self.stop()
            self._create_database(drop=True)
            self._bootstrap()
            self.start()
            self.login()
        say(f"{self.name}: loading {len(records)} records")
        started = time.monotonic()
        self._create_schema()
        self._grant_public_read()
        self._insert(records)
        self.api(
            "PATCH", "/collections/resources", {"meta": {"note": LOADED_NOTE + digest}}
        )
        count = self._count()
        if count != len(records):
            raise DirectusError(f"loaded {count} resources, not {len(records)}")
        say(
            f"{self.name}: {count} records loaded in {time.monotonic() - started:.0f} s"
        )

    def _loaded_digest(self) -> str | None:
        """The hash in `resources`'s note; "" when the collection exists
        without one (a load that failed), None when there is none."""
        try:
            collection = self.api("GET", "/collections/resources")["data"]
        except DirectusError as error:
            if " 403 " in str(error) or " 404 " in str(error):
                return None
            raise
        note = (collection.get("meta") or {}).get("note") or ""
        return note.removeprefix(LOADED_NOTE) if note.startswith(LOADED_NOTE) else ""

    def _count(self) -> int:
        answer = self.api("GET", "/items/resources?aggregate[count]=*")
        return int(answer["data"][0]["count"])

    def _create_schema(self) -> None:
        def field(name: str, kind: str, **schema: object) -> dict:
            return {"field": name, "type": kind, "schema": schema, "meta": {}}

        self.api(
            "POST",
            "/collections",
            {
                "collection": "roles",
                "schema": {},
                "meta": {},
                "fields": [field("slug", "string", is_primary_key=True)],
            },
        )
        self.api(
            "POST",
            "/collections",
            {
                "collection": "resources",
                "schema": {},
                "meta": {},
                "fields": [
                    field("uid", "string", is_primary_key=True),
                    field("title", "string", max_length=1000, is_nullable=False),
                    field("summary", "text"),
                    field("body", "text"),
                    field("theme", "string", is_indexed=True),
                    field("topic", "string", is_indexed=True),
                    field("kind", "string", is_indexed=True),
                    field("published", "timestamp", is_indexed=True),
                ],
            },
        )
        self.api(
            "POST",
            "/collections",
            {
                "collection": "resources_roles",
                "schema": {},
                "meta": {"hidden": True},
                "fields": [
                    field(
                        "id", "integer", is_primary_key=True, has_auto_increment=True
                    ),
                    field("resources_uid", "string", is_indexed=True),
                    field("roles_slug", "string", is_indexed=True),
                ],
            },
        )
        self.api(
            "POST",
            "/fields/resources",
            {
                "field": "roles",
                "type": "alias",
                "meta": {"special": ["m2m"], "interface": "list-m2m"},
            },
        )
        self.api(
            "POST",
            "/relations",
            {
                "collection": "resources_roles",
                "field": "resources_uid",
                "related_collection": "resources",
                "meta": {"one_field": "roles", "junction_field": "roles_slug"},
                "schema": {"on_delete": "CASCADE"},
            },
        )
        self.api(
            "POST",
            "/relations",
            {
                "collection": "resources_roles",
                "field": "roles_slug",
                "related_collection": "roles",
                "meta": {"one_field": None, "junction_field": "resources_uid"},
                "schema": {"on_delete": "CASCADE"},
            },
        )

    def _grant_public_read(self) -> None:
        """Directus 11 grants through policies: the Public policy (the one
        every anonymous request has) may read all fields of all items."""
        policies = self.api(
            "GET", "/policies?filter[name][_eq]=$t:public_label&fields=id&limit=1"
        )["data"]
        if not policies:
            raise DirectusError("no Public policy")
        self.api(
            "POST",
            "/permissions",
            [
                {
                    "policy": policies[0]["id"],
                    "collection": collection,
                    "action": "read",
                    "fields": ["*"],
                    "permissions": {},
                }
                for collection in ("resources", "roles", "resources_roles")
            ],
        )

    def _insert(self, records: list[Record]) -> None:
        slugs = sorted({role for record in records for role in record.roles})
        self.api("POST", "/items/roles", [{"slug": slug} for slug in slugs])
        for start in range(0, len(records), BATCH):
            items = [
                {
                    "uid": r.uid,
                    "title": r.title,
                    "summary": r.summary,
                    "body": r.body,
                    "theme": r.theme,
                    "topic": r.topic,
                    "kind": r.kind,
                    "published": r.published,
                    "roles": [{"roles_slug": role} for role in r.roles],
                }
                for r in records[start : start + BATCH]
            ]
            # fields=uid: the answer lists keys, not whole items read back.
            self.api("POST", "/items/resources?fields=uid", items)

    # --- Ask ------------------------------------------------------------------

    def path(self, query: Query) -> str:
        params: list[tuple[str, str]] = []
        if query.type == "search":
            # Directus's search: a case-insensitive substring of any text
            # field; no relevance, so no sort either (the primary key's order).
            params.append(("search", query.q))
        else:
            if query.roles:
                params.append(("filter[roles][roles_slug][_in]", ",".join(query.roles)))
            for name in ("theme", "topic", "kind"):
                if getattr(query, name):
                    params.append((f"filter[{name}][_eq]", getattr(query, name)))
            params.append(("sort", "-published"))
        params += [
            ("limit", str(PAGE_SIZE)),
            ("offset", str(query.offset)),
            ("fields", FIELDS),
            ("meta", "filter_count"),
        ]
        return f"/items/resources?{urlencode(params, safe='[],')}"

    def headers(self) -> dict[str, str]:
        return {}

    def total(self, body: bytes) -> int:
        return int(json.loads(body)["meta"]["filter_count"])
