"""`manage.py restore PATH`: replace the database and the media with a backup.

Checks the whole backup first (every file's sha256, the dump readable, a
database of the same kind, no migration newer than this code) and refuses
it, changing nothing, if anything is wrong. Then replaces the database and
the media (files not in the backup are removed), migrates a backup from an
older version, rebuilds the search indexes (Elasticsearch too, when
configured) and clears the cache. Stop the web and worker processes first.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cms.ops.backups import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Återställer databasen och mediefilerna från en säkerhetskopia "
        "(manage.py backup). Ersätter allt som finns nu."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup's directory.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, path: Path, interactive: bool, **options):
        try:
            manifest = verify_backup(path)
        except (BackupError, DatabaseError, OSError) as error:
            raise CommandError(f"Nothing was changed. {error}") from error
        app = manifest["app"]
        self.stdout.write(
            f"Backup {path.name}, made {manifest['created']} by version "
            f"{app['version']} ({app['commit'] or 'commit unknown'}): "
            + ", ".join(f"{count} {what}" for what, count in manifest["counts"].items())
            + f", {len(manifest['files']) - 1} media files. Every file checked."
        )
        if interactive and not self.confirmed():
            self.stdout.write("Restore cancelled; nothing was changed.")
            return
        try:
            restore_backup(path, manifest, log=self.stdout.write)
        except (BackupError, DatabaseError, OSError) as error:
            raise CommandError(f"The restore did not finish. {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Restored {path.name}."))

    def confirmed(self) -> bool:
        self.stdout.write(
            "This replaces the whole database and every media file with the "
            "backup's: everything changed since it was made is lost."
        )
        try:
            answer = input("Type 'yes' to continue, or 'no' to cancel: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"
