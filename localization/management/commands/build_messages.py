from django.core.management.base import BaseCommand

from localization.messages import compile_messages


class Command(BaseCommand):
    help = (
        "Compile locale/*/LC_MESSAGES/*.po to .mo (as compilemessages does, "
        "without GNU gettext). Only catalogues changed since their .mo, unless --force."
    )
    # As compilemessages: it must run while the checks fail for want of the
    # very files it writes (localization/checks.py, production settings).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, force: bool = False, **options):
        for path in compile_messages(force=force):
            self.stdout.write(f"Compiled {path}")
