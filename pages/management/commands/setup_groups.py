"""Create or complete the editor groups and GR's review workflow (idempotent)."""

from django.core.management.base import BaseCommand

from pages.permissions import ensure_groups


class Command(BaseCommand):
    help = (
        "Skapar eller kompletterar redaktörsgrupperna (GR och varje "
        "medlemskommun), gruppen GR granskare och arbetsflödet Granskning GR."
    )

    def handle(self, *args, **options):
        groups = ensure_groups()
        for name in groups:
            self.stdout.write(name)
        self.stdout.write(self.style.SUCCESS(f"{len(groups)} groups ready."))
