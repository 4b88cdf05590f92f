"""Who runs a page's fan-out, and taking it over from one that has died.

One fan-out of a page runs at a time. Its runner claims the page's
SharingSync: it records who it is (the worker, host and process) and gives
a sign of life after each member site. A claim is dead, and the next
fan-out of the page takes it over at once, when any of these is evident:

- its worker has stopped beating or has stopped (SharingWorker);
- its process is gone from this host (the claim names host and pid);
- it has given no sign of life for FAN_OUT_LEASE, whoever holds it.

A fan-out asked for while another runs is not queued again: the runner
sees the newer request when it finishes and runs once more (finish), so
there is never more than one fan-out of a page waiting or running.
"""

import datetime
import logging
import os
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from pages.models import SharingSync
from pages.models.sharing import HOSTNAME

logger = logging.getLogger(__name__)

_RELEASED = {
    "running_since": None,
    "beat_at": None,
    "claimed_by": "",
    "claimed_host": "",
    "claimed_pid": None,
}


@dataclass(frozen=True)
class Holder:
    """Who runs a fan-out: a worker (by its id) or another process."""

    worker_id: str = ""
    host: str = HOSTNAME
    pid: int = 0

    @classmethod
    def here(cls, worker_id: str = "") -> "Holder":
        return cls(worker_id=worker_id, host=HOSTNAME, pid=os.getpid())


def claim(page: Page, holder: Holder) -> datetime.datetime | None:
    """Claim the fan-out of `page`; returns its start, or None if it runs elsewhere."""
    now = timezone.now()
    with transaction.atomic():
        sync, _ = SharingSync.objects.select_for_update().get_or_create(
            original_id=page.pk, defaults={"requested_at": now}
        )
        if sync.runner_alive(now):
            return None
        if sync.running_since is not None:
            logger.warning(
                "Taking over the fan-out of page %s from %s (pid %s on %s), "
                "which stopped during it",
                page.pk,
                sync.claimed_by or "a process",
                sync.claimed_pid,
                sync.claimed_host,
            )
        SharingSync.objects.filter(pk=sync.pk).update(
            running_since=now,
            beat_at=now,
            claimed_by=holder.worker_id,
            claimed_host=holder.host,
            claimed_pid=holder.pid or None,
        )
    return now


class ClaimLost(Exception):
    """Another runner took the fan-out over (this one was taken for dead)."""


def hold(page: Page, started: datetime.datetime) -> None:
    """A sign of life from the fan-out of `page` that started at `started`,
    and a check that it is still this runner's: raises ClaimLost if not.

    Called first in each member site's transaction. The UPDATE locks the
    claim's row until that transaction ends, so a takeover (claim, which
    locks the row too) waits for the site in hand, and this runner stops
    before the next one: two runners never work on the same page at once.
    """
    held = SharingSync.objects.filter(
        original_id=page.pk, running_since=started
    ).update(beat_at=timezone.now())
    if not held:
        raise ClaimLost(page.pk)


def finish(page: Page, started: datetime.datetime) -> datetime.datetime | None:
    """Record the fan-out started at `started` as done and give up the claim.

    If the page was asked for again since it started, the claim is kept and
    renewed instead: returns the new start for the caller to run once more.
    None when there is nothing more to do (or someone else took over).
    """
    now = timezone.now()
    ours = SharingSync.objects.filter(original_id=page.pk, running_since=started)
    done = ours.filter(requested_at__lte=started).update(
        synced_as_of=started, finished_at=now, **_RELEASED
    )
    if done:
        return None
    renewed = ours.update(running_since=now, beat_at=now)
    return now if renewed else None


def revoke(page: Page) -> None:
    """`page` leaves the sites (the trash): nothing more is owed, and a
    fan-out running now stops before its next member site (its hold()
    raises ClaimLost). The UPDATE waits for the site in hand, so what that
    site got is there for the caller to remove."""
    SharingSync.objects.filter(original_id=page.pk).update(
        synced_as_of=timezone.now(), finished_at=timezone.now(), **_RELEASED
    )


def give_up(page: Page, started: datetime.datetime) -> None:
    """Release the claim of a fan-out that failed; the sync stays pending."""
    SharingSync.objects.filter(original_id=page.pk, running_since=started).update(
        **_RELEASED
    )


def release_dead_claims() -> list[int]:
    """Release every claim whose runner has died; returns the pages' ids."""
    now = timezone.now()
    released = []
    for sync in SharingSync.objects.filter(running_since__isnull=False):
        if sync.runner_alive(now):
            continue
        if (
            SharingSync.objects.filter(
                pk=sync.pk, running_since=sync.running_since
            ).update(**_RELEASED)
            == 1
        ):
            logger.warning(
                "Released the fan-out of page %s: %s (pid %s on %s) stopped during it",
                sync.original_id,
                sync.claimed_by or "a process",
                sync.claimed_pid,
                sync.claimed_host,
            )
            released.append(sync.original_id)
    return released
