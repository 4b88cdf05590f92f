"""Backups of the database and the media, and restoring them.

`manage.py backup` and `manage.py restore` (cms/ops/management/commands/) are
thin wrappers around `create_backup`, `verify_backup` and `restore_backup`.

A backup is one directory named for the UTC time it was made, e.g.
`20261205T195114Z/`:

    manifest.json     what it holds and a sha256 per file; written last
    database.dump     PostgreSQL: `pg_dump --format=custom`
    database.sqlite3  SQLite: a consistent copy (sqlite3's online backup)
    media/<name>      every file of the default storage, under its own name

A directory rather than one archive: restore reads and checks each file where
it lies, and a copy to another site (rsync, restic, rclone) sends only what
is new, since media files never change once written; the dump is compressed
already, and images are too. It is written as `.<name>.partial` and renamed
only when complete, so a backup that stopped halfway never looks complete
(it has no manifest either).

The media goes through `default_storage`, so the same code backs up and
restores MEDIA_ROOT and an S3 bucket (cms/storage.py).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.conf import settings
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024
# What the manifest counts, and restore checks again once the database is back.
COUNTED = {
    "pages": Page,
    "revisions": Revision,
    "images": get_image_model(),
    "documents": get_document_model(),
}
# libpq reads these from the environment: credentials never appear on a
# command line, where any user of the server could read them (ps).
PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}

Log = Callable[[str], None]


class BackupError(Exception):
    """A backup that cannot be made, or a backup that must not be restored."""


# --- Backup ------------------------------------------------------------------


def create_backup(root: Path) -> Path:
    """Back up the database and the media into a new directory under `root`."""
    vendor = _vendor()
    name = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    final = root / name
    partial = root / f".{name}.partial"
    if final.exists():
        raise BackupError(f"{final} exists already; try again in a second.")
    try:
        (partial / MEDIA).mkdir(parents=True)
        dump = partial / DUMPS[vendor]
        # The database first: every file it names exists by then, as files
        # are only ever added, so the media copied next holds them all.
        if vendor == "postgresql":
            migrations, counts = _dump_postgresql(dump)
        else:
            migrations, counts = _dump_sqlite(dump)
        files = {dump.name: _digest_file(dump)}
        for storage_name in _storage_files(default_storage):
            with default_storage.open(storage_name, "rb") as source:
                target = partial / MEDIA / storage_name
                target.parent.mkdir(parents=True, exist_ok=True)
                files[f"{MEDIA}/{storage_name}"] = _copy(source, target)
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": {"vendor": vendor, "file": dump.name},
            "app": _app_version(),
            "migrations": migrations,
            "counts": counts,
            "files": files,
        }
        _write_json(partial / MANIFEST, manifest)
        partial.rename(final)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, OSError):
            raise BackupError(f"The backup failed: {error}") from error
        raise
    return final


def _dump_postgresql(target: Path) -> tuple[dict, dict]:
    pg_dump = _program("pg_dump")
    # pg_dump reads the snapshot of this transaction, so the counts and
    # migrations in the manifest are exactly those of the dump, even while
    # editors keep working.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
        return _describe(cursor)


def _dump_sqlite(target: Path) -> tuple[dict, dict]:
    with (
        closing(sqlite3.connect(settings.DATABASES["default"]["NAME"])) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
        # Described from the copy: the live file may have changed since.
        return _describe(copy.cursor())


def _describe(cursor: Any) -> tuple[dict, dict]:
    """The latest applied migration per app, and the COUNTED rows."""
    cursor.execute("SELECT app, name FROM django_migrations")
    migrations: dict[str, str] = {}
    for app, name in cursor.fetchall():
        migrations[app] = max(name, migrations.get(app, name))
    counts = {}
    for what, model in COUNTED.items():
        cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')  # noqa: S608 - table names from our models
        counts[what] = cursor.fetchone()[0]
    return dict(sorted(migrations.items())), counts


def _app_version() -> dict[str, str | None]:
    try:
        version = metadata.version("trygghetsportalen")
    except metadata.PackageNotFoundError:
        version = None
    commit = None
    git = shutil.which("git")
    if git and (Path(settings.BASE_DIR) / ".git").exists():
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        commit = result.stdout.strip() or None
    return {"version": version, "commit": commit}


# --- Verify ------------------------------------------------------------------


def verify_backup(path: Path) -> dict:
    """The manifest of the backup at `path`, if it is whole and fits this site.

    Checks every file against its sha256, and that the dump can be read,
    before anything is changed; raises BackupError saying what is wrong.
    """
    manifest_file = path / MANIFEST
    if not manifest_file.is_file():
        raise BackupError(
            f"{path} is not a complete backup: it has no {MANIFEST} (a backup "
            "that stopped halfway has none)."
        )
    try:
        manifest = json.loads(manifest_file.read_text())
        files: dict[str, dict] = manifest["files"]
        vendor = manifest["database"]["vendor"]
        dump = path / manifest["database"]["file"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{manifest_file} cannot be read: {error!r}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is a backup of another format.")
    if vendor != _vendor():
        raise BackupError(
            f"{path} holds a {vendor} database; DATABASE_URL is {_vendor()}."
        )

    problems = []
    for name, expected in files.items():
        if not _is_inside(name):
            problems.append(f"{name}: not a path inside the backup")
        elif not (path / name).is_file():
            problems.append(f"{name}: missing")
        elif _digest_file(path / name) != expected:
            problems.append(f"{name}: changed since the backup was made")
    listed = {path / name for name in files} | {manifest_file}
    problems += [
        f"{found.relative_to(path)}: not in the manifest"
        for found in sorted(path.rglob("*"))
        if found.is_file() and found not in listed
    ]
    if manifest["database"]["file"] not in files:
        problems.append(f"{dump.name}: not in the manifest")
    problems += _unknown_migrations(manifest["migrations"])
    if problems:
        shown = "\n  ".join(problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise BackupError(f"{path} cannot be restored:\n  {shown}{more}")

    # The dump itself must be readable by the tool that restores it.
    if vendor == "postgresql":
        _run([_program("pg_restore"), "--list", str(dump)])
    else:
        with closing(_read_only(dump)) as copy:
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{dump} is not a sound SQLite database.")
    return manifest


def _unknown_migrations(applied: dict[str, str]) -> list[str]:
    """Migrations the backup has and this code has not: it is from a newer
    version, whose database this code cannot run."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    return [
        f"migration {app}.{name} is newer than this code: restore it with the "
        "version that made it"
        for app, name in applied.items()
        if app in loader.migrated_apps and (app, name) not in known
    ]


# --- Restore -----------------------------------------------------------------


def restore_backup(path: Path, manifest: dict, log: Log) -> None:
    """Replace the database and the media with the verified backup at `path`,
    then rebuild what lives outside them: the search indexes and the cache."""
    dump = path / manifest["database"]["file"]
    log(f"Restoring the database from {dump.name} ...")
    if manifest["database"]["vendor"] == "postgresql":
        _restore_postgresql(dump)
    else:
        _restore_sqlite(dump)
    with connection.cursor() as cursor:
        _, counts = _describe(cursor)
    if counts != manifest["counts"]:
        raise BackupError(
            f"The restored database holds {counts}, the backup says "
            f"{manifest['counts']}."
        )
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        log("The backup is from an older version: migrating ...")
        call_command("migrate", interactive=False, verbosity=0)

    prefix = f"{MEDIA}/"
    media = {
        name.removeprefix(prefix): digest
        for name, digest in manifest["files"].items()
        if name.startswith(prefix)
    }
    log(f"Restoring {len(media)} media files ...")
    _restore_media(default_storage, path / MEDIA, media)

    log("Rebuilding the search indexes ...")
    call_command("update_index", verbosity=0)
    for alias in settings.CACHES:
        caches[alias].clear()


def _restore_postgresql(dump: Path) -> None:
    # An empty schema first, not pg_restore --clean: that drops only what
    # the dump holds, and a table made by a later migration would stay.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connections.close_all()
    database = settings.DATABASES["default"]["NAME"]
    _run(
        [_program("pg_restore"), "--no-owner", "--single-transaction"]
        + ["--exit-on-error", f"--dbname={database}", str(dump)],
        failed="pg_restore failed; the database is left empty. Fix the cause "
        "and run restore again",
    )


def _restore_sqlite(dump: Path) -> None:
    connections.close_all()
    target = settings.DATABASES["default"]["NAME"]
    with closing(_read_only(dump)) as source, closing(sqlite3.connect(target)) as db:
        source.backup(db)


def _restore_media(storage: Storage, source: Path, wanted: dict[str, dict]) -> None:
    """Make the storage hold exactly the files `wanted`, from `source`."""
    for name in list(_storage_files(storage)):
        if name not in wanted:
            storage.delete(name)
    for name, digest in wanted.items():
        if storage.exists(name):
            with storage.open(name, "rb") as current:
                if _digest(current) == digest:
                    continue
            storage.delete(name)
        with (source / name).open("rb") as content:
            saved = storage.save(name, File(content, name=name))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}.")


# --- Helpers -----------------------------------------------------------------


def _vendor() -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"Cannot back up a {connection.vendor} database.")
    return connection.vendor


def _storage_files(storage: Storage, directory: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # MEDIA_ROOT that does not exist yet
        return
    prefix = f"{directory}/" if directory else ""
    for name in sorted(files):
        yield prefix + name
    for name in sorted(directories):
        yield from _storage_files(storage, prefix + name)


def _copy(source: BinaryIO, target: Path) -> dict:
    checksum, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            checksum.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return {"sha256": checksum.hexdigest(), "size": size}


def _digest(source: BinaryIO) -> dict:
    checksum, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        checksum.update(chunk)
        size += len(chunk)
    return {"sha256": checksum.hexdigest(), "size": size}


def _digest_file(path: Path) -> dict:
    with path.open("rb") as source:
        return _digest(source)


def _write_json(path: Path, value: dict) -> None:
    with path.open("w") as out:
        json.dump(value, out, indent=2, sort_keys=True)
        out.flush()
        os.fsync(out.fileno())


def _is_inside(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found: install the PostgreSQL client programs "
            "(Debian: postgresql-client), of the server's major version or newer."
        )
    return found


def _run(command: list[str], failed: str = "") -> None:
    """Run a PostgreSQL client program against DATABASE_URL's database."""
    result = subprocess.run(  # noqa: S603 - our own arguments, no shell
        command,
        env=os.environ | _pg_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        name = Path(command[0]).name
        raise BackupError(f"{failed or name + ' failed'}:\n{result.stderr.strip()}")


def _pg_environment() -> dict[str, str]:
    database = settings.DATABASES["default"]
    options = database.get("OPTIONS", {})
    values = {
        "PGDATABASE": database.get("NAME"),
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
    } | {variable: options.get(option) for option, variable in PG_OPTIONS.items()}
    return {key: str(value) for key, value in values.items() if value}
