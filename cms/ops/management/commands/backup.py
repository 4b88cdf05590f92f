"""`manage.py backup`: the database and every media file, in one directory.

Prints the backup's path (and nothing else) on success, so a script can copy
it elsewhere: `path=$(manage.py backup) && rsync -a "$path" offsite:`. What a
backup holds: cms/ops/backups.py and README, "Backup and restore".
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cms.ops.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen och alla mediefiler till en ny katalog "
        "(UTC-tid som namn) under BACKUP_DIR och skriver ut dess sökväg."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Directory to put the backup in (default: BACKUP_DIR).",
        )

    def handle(self, *args, output: Path | None, **options):
        root = output or Path(settings.BACKUP_DIR)
        try:
            root.mkdir(parents=True, exist_ok=True)
            path = create_backup(root)
        except (BackupError, DatabaseError, OSError) as error:
            raise CommandError(f"No backup was made. {error}") from error
        self.stdout.write(str(path))
