"""Who is locked out of the admin after failed logins, and unlocking them.

django-axes counts the failures (one row per username, address and browser,
with a count and the time of the latest) and refuses a login while the
username, or separately the address, has LOGIN_FAILURE_LIMIT failures newer
than LOGIN_LOCKOUT_MINUTES. This module reads the same rows the same way for
the admin's list and `manage.py unlock_login`, and unlocks through axes.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.utils import timezone

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset

from cms.ops.auth_events import log_event

logger = logging.getLogger("cms.auth")

# What a lockout is by: axes' name for it, as in AXES_LOCKOUT_PARAMETERS.
USERNAME = "username"
ADDRESS = "ip_address"
KINDS = (USERNAME, ADDRESS)


@dataclass(frozen=True)
class Lockout:
    """A username or a client address that may not log in now."""

    kind: str
    value: str
    failures: int
    last_attempt: datetime
    # The addresses a locked username was tried from, or the usernames a
    # locked address tried.
    others: tuple[str, ...]

    @property
    def username(self) -> str:
        return self.value if self.kind == USERNAME else ""

    @property
    def address(self) -> str:
        return self.value if self.kind == ADDRESS else ""


def recent_attempts():
    """The failures axes still counts: newer than the cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=since)


def current_lockouts() -> list[Lockout]:
    """Every locked username, then every locked address, latest attempt first."""
    lockouts = []
    for kind in KINDS:
        other = ADDRESS if kind == USERNAME else USERNAME
        totals = (
            recent_attempts()
            .exclude(**{f"{kind}__isnull": True})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last")
        )
        for row in totals:
            others = (
                recent_attempts()
                .filter(**{kind: row[kind]})
                .exclude(**{f"{other}__isnull": True})
                .values_list(other, flat=True)
                .distinct()
                .order_by(other)
            )
            lockouts.append(
                Lockout(
                    kind=kind,
                    value=row[kind],
                    failures=row["failures"],
                    last_attempt=row["last"],
                    others=tuple(others),
                )
            )
    return lockouts


def unlock(kind: str, value: str, by: str) -> int:
    """Forget the failures of a username or an address; return how many rows.

    Logged by `cms.auth` as event "unlock", with who unlocked it (`by`: a
    username, or "manage.py unlock_login").
    """
    if kind not in KINDS:
        raise ValueError(f"cannot unlock by {kind!r}")
    removed = reset(username=value) if kind == USERNAME else reset(ip=value)
    logger.info(
        "unlock: %s by %s",
        value,
        by,
        extra={
            "event": "unlock",
            # Named as in the other auth events: the client is an address.
            "username": value if kind == USERNAME else "",
            "client": value if kind == ADDRESS else "",
            "by": by,
            "attempts": removed,
        },
    )
    return removed


@receiver(user_logged_in)
def forget_own_failures(sender, request, user, **kwargs) -> None:
    """A successful login forgets that user's failures (only theirs: see the
    AXES_RESET_ON_SUCCESS setting)."""
    reset(username=user.get_username())


# Connected when this app is ready, after cms.ops's receivers and before
# axes's own (importing axes.signals connects those): a refused login is
# logged as a failed login, then as a lockout.
@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs) -> None:
    """Each login refused by a lockout, the one that starts it included."""
    log_event("lockout", str(username or ""), request, logging.WARNING)
