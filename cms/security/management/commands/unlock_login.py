from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.security.lockouts import ADDRESS, USERNAME, current_lockouts, unlock


class Command(BaseCommand):
    help = (
        "Unlock usernames or client addresses locked out after failed logins "
        "(as the admin's Spärrade inloggningar does). Without arguments, list "
        "the current lockouts."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="*", metavar="username")
        parser.add_argument(
            "--address", action="append", default=[], help="a client address"
        )

    def handle(self, *args, usernames: list[str], address: list[str], **options):
        if not usernames and not address:
            for lockout in current_lockouts():
                self.stdout.write(
                    f"{lockout.kind} {lockout.value}: {lockout.failures} failures, "
                    f"last {timezone.localtime(lockout.last_attempt):%Y-%m-%d %H:%M} "
                    f"({', '.join(lockout.others)})"
                )
            return
        unknown = []
        for kind, values in ((USERNAME, usernames), (ADDRESS, address)):
            for value in values:
                if unlock(kind, value, by="manage.py unlock_login"):
                    self.stdout.write(f"Unlocked {value}.")
                else:
                    unknown.append(value)
        if unknown:
            raise CommandError(
                f"No failed logins for {', '.join(unknown)}: nothing to unlock."
            )
