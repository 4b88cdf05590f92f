"""Delete for good what has been in the trash longer than TRASH_RETENTION_DAYS."""

from django.conf import settings
from django.core.management.base import BaseCommand

from pages import trash


class Command(BaseCommand):
    help = (
        "Deletes the pages that have been in the trash longer than "
        "TRASH_RETENTION_DAYS (run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List, delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        entries = list(trash.expired())
        for entry in entries:
            self.stdout.write(f"{entry.trashed_at:%Y-%m-%d} {entry.title}")
        if dry_run:
            self.stdout.write(f"{len(entries)} would be deleted.")
            return
        count = trash.purge(entries)
        self.stdout.write(
            f"Deleted {count} page(s) older than "
            f"{settings.TRASH_RETENTION_DAYS} days from the trash."
        )
