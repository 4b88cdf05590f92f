"""manage.py backup and restore, for real, on a database of the test's own.

The demo (GR and 13 members: aliases, translations, role links, images) is
seeded, changed, backed up, destroyed (the database dropped, the media
directory deleted) and restored, and every row that makes the site and
every media file must be back as it was. A backup with one byte changed, or
a file missing, is refused with the database and the media untouched; so
is a restore the operator answers "no".

The commands run as subprocesses with DATABASE_URL pointing at a
ScratchDatabase (PostgreSQL in CI's PostgreSQL run, an SQLite file
otherwise), never at pytest's test database: restore replaces a whole
database.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ops.scratch_database import ScratchDatabase

REPO_DIR = Path(__file__).resolve().parents[2]


class Site:
    """The test's database and media directory, and manage.py against them."""

    def __init__(self, workdir: Path, database: ScratchDatabase) -> None:
        self.workdir = workdir
        self.database = database
        self.media = workdir / "media"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"ELASTICSEARCH_URL", "REDIS_URL", "BACKUP_DIR"}
        } | {
            # dev, not test: test.py gives each process a media directory
            # of its own.
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": database.url,
            "MEDIA_ROOT": str(self.media),
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def run(
        self, *args: str, stdin: str = "", env: dict | None = None
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_DIR,
            env=env or self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def manage(self, *args: str, stdin: str = "") -> str:
        result = self.run(*args, stdin=stdin)
        if result.returncode:
            raise AssertionError(
                f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def step(self, name: str) -> dict:
        out = self.manage(
            "shell",
            "-c",
            f"from tests.ops.backup_scenario import run; run({name!r})",
        )
        return json.loads(out.strip().splitlines()[-1])

    def state(self) -> dict:
        """Every row that makes the site, and every media file's sha256."""
        return self.step("snapshot") | {"media_files": self.media_files()}

    def media_files(self) -> dict[str, str]:
        return {
            str(path.relative_to(self.media)): hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
            for path in sorted(self.media.rglob("*"))
            if path.is_file()
        }

    def backup(self, output: Path) -> Path:
        # The path is the last line (log lines may come before it).
        return Path(self.manage("backup", "--output", str(output)).splitlines()[-1])

    def destroy(self) -> None:
        """The database and the media gone, as after losing the server."""
        if self.database.postgres:
            self.database.drop()
            self.database.create()  # empty: restore needs a database to fill
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.database.file}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(self.media)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The demo, seeded and changed; `site.backup_path` backs up that state,
    `site.before` is what it held."""
    workdir = Path(tempfile.mkdtemp(prefix="trygghetsportalen-backup-"))
    database = ScratchDatabase("trygghet_backup", workdir)
    site = Site(workdir, database)
    try:
        database.create()
        site.manage("migrate", "--no-input")
        site.manage("seed_demo")
        site.changed = site.step("change")
        # The database search index as a rebuild makes it, which restore
        # does: entries saved one by one score titles against the corpus of
        # their moment (title_norm), a rebuild against the whole.
        site.manage("update_index", "--verbosity", "0")
        site.before = site.state()
        site.backup_path = site.backup(workdir / "backups")
        yield site
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        database.drop()


def test_the_snapshot_holds_what_the_demo_is_made_of(site):
    before = site.before
    pages = before["pages"]
    assert len(pages) > 1000
    assert sum(1 for page in pages if page["alias_of_id"]) > 100
    languages = {page["locale_id"] for page in pages if page["depth"] > 1}
    assert len(languages) == 2
    for table in ("revisions", "role_links", "images", "renditions", "documents"):
        assert before[table], table
    assert before["index_entries"] and before["search_documents"]
    assert any(name.startswith("original_images/") for name in before["media_files"])
    assert site.changed["rendition"] in before["media_files"]
    assert {page["id"] for page in pages if " (ändrad)" in page["title"]} >= {
        site.changed["page"]
    }


def test_a_backup_is_one_directory_with_a_manifest_of_every_file(site):
    assert site.backup_path.parent == site.workdir / "backups"
    assert site.backup_path.name.endswith("Z")
    manifest = json.loads((site.backup_path / "manifest.json").read_text())
    vendor = "postgresql" if site.database.postgres else "sqlite"
    assert manifest["database"]["vendor"] == vendor
    assert manifest["migrations"]["pages"]
    assert manifest["counts"]["pages"] == len(site.before["pages"])
    assert manifest["counts"]["revisions"] == len(site.before["revisions"])
    media = {
        name.removeprefix("media/"): entry["sha256"]
        for name, entry in manifest["files"].items()
        if name.startswith("media/")
    }
    assert media == site.before["media_files"]
    # Nothing else lies beside it: no half-written backup.
    assert [path.name for path in site.backup_path.parent.iterdir()] == [
        site.backup_path.name
    ]


def test_restore_after_losing_database_and_media_brings_everything_back(site):
    site.step("edit")  # lost with the server, and not in the backup
    site.destroy()
    assert not site.media.exists()

    out = site.manage("restore", str(site.backup_path), "--no-input")

    assert f"Restored {site.backup_path.name}" in out
    after = site.state()
    for table, rows in site.before.items():
        assert after[table] == rows, f"{table} differs after the restore"


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def first_image(backup: Path) -> Path:
    return next(iter(sorted((backup / "media" / "original_images").iterdir())))


def damage_media_file(backup: Path) -> str:
    image = first_image(backup)
    flip_a_byte(image)
    return f"media/original_images/{image.name}: changed"


def damage_dump(backup: Path) -> str:
    dump = next(backup.glob("database.*"))
    flip_a_byte(dump)
    return f"{dump.name}: changed"


def lose_media_file(backup: Path) -> str:
    image = first_image(backup)
    image.unlink()
    return f"media/original_images/{image.name}: missing"


def lose_manifest(backup: Path) -> str:
    (backup / "manifest.json").unlink()
    return "is not a complete backup"


@pytest.mark.parametrize(
    "damage", [damage_media_file, damage_dump, lose_media_file, lose_manifest]
)
def test_a_damaged_backup_is_refused_before_anything_is_touched(site, damage):
    site.step("edit")  # what a restore would undo
    current = site.state()
    assert current != site.before
    damaged = site.workdir / "damaged"
    shutil.rmtree(damaged, ignore_errors=True)
    shutil.copytree(site.backup_path, damaged)
    reason = damage(damaged)

    result = site.run("restore", str(damaged), "--no-input")

    assert result.returncode != 0
    assert "Nothing was changed" in result.stderr
    assert reason in result.stderr
    assert site.state() == current


def test_answering_no_changes_nothing(site):
    site.step("edit")
    current = site.state()
    assert current != site.before

    result = site.run("restore", str(site.backup_path), stdin="no\n")

    assert result.returncode == 0, result.stderr
    assert "Type 'yes' to continue" in result.stdout
    assert "Restore cancelled; nothing was changed." in result.stdout
    assert site.state() == current


def test_a_backup_that_fails_midway_leaves_nothing_behind(site):
    output = site.workdir / "failed-backups"
    # A media file that cannot be read: the backup fails after the dump.
    broken = site.media / "documents" / "unreadable.txt"
    broken.symlink_to(site.workdir / "nowhere")
    try:
        result = site.run("backup", "--output", str(output))
    finally:
        broken.unlink()

    assert result.returncode != 0
    assert "No backup was made" in result.stderr
    assert "unreadable.txt" in result.stderr
    assert list(output.iterdir()) == []


@pytest.mark.postgresql
def test_a_missing_pg_dump_is_named_and_leaves_nothing_behind(site):
    output = site.workdir / "no-pg-dump"
    empty_path = site.workdir / "empty-path"
    empty_path.mkdir(exist_ok=True)

    result = site.run(
        "backup", "--output", str(output), env=site.env | {"PATH": str(empty_path)}
    )

    assert result.returncode != 0
    assert "pg_dump was not found" in result.stderr
    assert list(output.iterdir()) == []
