"""Create the demo sites and content; running it again changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from django_tasks_db import DatabaseBackend

from pages.demo.builder import DemoBuilder
from pages.models import HomePage
from pages.permissions import ensure_demo_users, ensure_groups
from pages.syndication import TASK_BACKEND, sync_shared_page

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "trygghet"  # noqa: S105 - printed to the developer on purpose


class Command(BaseCommand):
    help = "Skapar demowebbplatserna (GR och 13 medlemskommuner) med innehåll."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=80,
            help="Port that the demo sites answer on (make run uses 8000).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing to the content if any site already has a home page.",
        )

    def handle(self, *args, port: int, if_empty: bool, **options):
        if if_empty and HomePage.objects.exists():
            self.stdout.write("Demo content already present; content left as it is.")
        else:
            created = DemoBuilder(port=port).build()
            summary = ", ".join(f"{count} {what}" for what, count in created.items())
            self.stdout.write(
                self.style.SUCCESS(f"Demo content: {summary or 'nothing new'}.")
            )
            self._run_queued_tasks()
        groups = ensure_groups()
        self.stdout.write(f"Editor and reviewer groups: {len(groups)}.")
        if getattr(settings, "DEMO_USERS_ALLOWED", False):
            self._demo_admin()
            self._demo_editors()

    def _run_queued_tasks(self) -> None:
        """Share GR's demo material with the members before anyone looks.

        Publishing queued the fan-out; with the database backend nothing
        runs it until a worker starts, so this runs the queue now, in this
        process, and returns when it is empty.
        """
        if isinstance(sync_shared_page.get_backend(), DatabaseBackend):
            self.stdout.write("Sharing GR's material with the member sites ...")
            call_command(
                "db_worker",
                *("--backend", TASK_BACKEND, "--batch", "--no-reload"),
                "--no-startup-delay",
                verbosity=0,
            )

    def _demo_admin(self) -> None:
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=DEMO_ADMIN_USERNAME,
            defaults={
                "is_staff": True,
                "is_superuser": True,
                "email": "admin@example.org",
            },
        )
        if created:
            user.set_password(DEMO_ADMIN_PASSWORD)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo admin: user '{DEMO_ADMIN_USERNAME}', "
                f"password '{DEMO_ADMIN_PASSWORD}'"
                + ("" if created else " (unless you have changed it)")
            )
        )

    def _demo_editors(self) -> None:
        usernames = ensure_demo_users(DEMO_ADMIN_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editors, password '{DEMO_ADMIN_PASSWORD}' "
                f"(unless changed): {', '.join(usernames)}"
            )
        )
