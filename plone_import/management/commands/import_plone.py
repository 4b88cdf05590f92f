"""manage.py import_plone: a Plone 6 site's content into one of our sites."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plone_import.importer import ImportAbort, run_import
from plone_import.mapping import MappingError, load_mapping


class Command(BaseCommand):
    help = (
        "Import a Plone 6 site's content through plone.restapi into a site's "
        "page tree and media library. Idempotent: a re-run updates what changed "
        "in Plone. The password comes from --password or PLONE_PASSWORD."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", required=True, help="The Plone site's URL.")
        parser.add_argument(
            "--site", required=True, help="The site's slug (its SiteProfile)."
        )
        parser.add_argument("--user", help="A Plone user who may see everything.")
        parser.add_argument(
            "--password",
            help="The user's password; better in the environment (PLONE_PASSWORD).",
        )
        parser.add_argument(
            "--mapping",
            help="A TOML file: folders, keywords and creators "
            "(docs/plone-import-mapping.example.toml).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report only; write nothing."
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also overwrite pages changed in Wagtail since the last import, "
            "and create again those deleted since.",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=4,
            help="Requests to Plone at a time (default 4).",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=30,
            help="Seconds to wait for each answer from Plone (default 30).",
        )
        parser.add_argument(
            "--csv", help="Where the CSV report goes (default var/plone-import-*.csv)."
        )

    def handle(self, *args, **options) -> None:
        if options["concurrency"] < 1 or options["timeout"] <= 0:
            raise CommandError("--concurrency and --timeout must be positive.")
        auth = None
        if options["user"]:
            password = options["password"] or settings.PLONE_PASSWORD
            if not password:
                raise CommandError(
                    "--user needs a password: set PLONE_PASSWORD (or --password)."
                )
            auth = (options["user"], password)
        try:
            mapping = load_mapping(options["mapping"])
            report = run_import(
                options["url"],
                options["site"],
                auth=auth,
                mapping=mapping,
                dry_run=options["dry_run"],
                overwrite=options["overwrite"],
                concurrency=options["concurrency"],
                timeout=options["timeout"],
                progress=self.stdout.write,
            )
        except (ImportAbort, MappingError) as exc:
            raise CommandError(str(exc)) from exc
        path = options["csv"] or (
            settings.VAR_DIR / f"plone-import-{timezone.localtime():%Y%m%d-%H%M%S}.csv"
        )
        report.write_csv(path)
        self.stdout.write(report.summary())
        self.stdout.write(f"CSV: {path}")
