"""A database of a test's own, for the processes it starts (not pytest's)."""

import os
import uuid
from pathlib import Path

import psycopg


class ScratchDatabase:
    """A new database on the PostgreSQL server of DATABASE_URL when that is
    PostgreSQL, otherwise an SQLite file in `workdir`. create() before use,
    drop() after (an SQLite file goes with its directory)."""

    def __init__(self, prefix: str, workdir: Path, server_url: str | None = None):
        server_url = server_url or os.environ.get("DATABASE_URL", "")
        self.postgres = server_url.startswith(("postgres://", "postgresql://"))
        self.server_url = server_url
        if self.postgres:
            self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"
            self.url = server_url.rsplit("/", 1)[0] + f"/{self.name}"
        else:
            self.file = workdir / "db.sqlite3"
            self.url = f"sqlite:///{self.file}"

    def admin(self, sql: str) -> None:
        """Run `sql` on the PostgreSQL server, outside any transaction."""
        with psycopg.connect(self.server_url, autocommit=True) as db:
            db.execute(sql)

    def create(self) -> "ScratchDatabase":
        if self.postgres:
            self.admin(f'CREATE DATABASE "{self.name}"')
        return self

    def drop(self) -> None:
        if self.postgres:
            self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
