"""GR publishes once, every targeted member site receives: sharing through aliases.

A shared resource appears in each targeted member's tree as a Wagtail alias
under the topic with the same theme and topic slugs. This package decides
where aliases exist and keeps them current: it creates the missing ones,
brings the others up to the original's published content (Wagtail's own
Page.update_aliases, one alias at a time), removes those of sites no longer
targeted or that hid the resource, moves them when the original moves, and
deletes them with the original. An alias's address follows the original's:
its slug is the original's (follow_slug), and Wagtail redirects the old one.

That work (the fan-out) costs tens of milliseconds per member site, so it
runs in a background task (django-tasks, backend "sharing": the database
backend, run by `manage.py db_worker --backend sharing`). A publish only
records the intent (SharingSync, in the publish's own transaction) and
enqueues the task:

- request_sync(page) is called on publish and move (pages/signal_handlers.py);
- sync_shared_page is the task; sync(page) does the work, one site at a time,
  each in its own transaction, so a failing site is recorded
  (SharingFailure, shown on the original, retried on the next sync) and
  never stops the others or undoes the original's publish;
- a fan-out whose worker died (kill -9, a deploy, a lost host) is taken
  over as soon as the death is evident (claims.py): the worker's heartbeat
  stops or its process is gone. The live workers check at every heartbeat
  (workers.py, recover): the dead worker's tasks are marked failed and its
  fan-outs queued again; `manage.py sync_shared` and "Dela igen nu" do the
  same and make progress even with no worker running;
- each change a fan-out makes to a member's page is in that page's history
  (history.py).

Unpublishing and deleting take effect in the request, so withdrawn
material disappears at once: withdraw_aliases takes every alias off line in
a few queries (Wagtail would unpublish them one by one); delete_aliases does
the same and leaves the deleting itself to the worker.

The parts, from the top down:

- this module: what the rest of the project calls, and the two tasks. They
  are defined here because the queue stores a task by its dotted path
  ("pages.syndication.sync_shared_page"), which must not change;
- resources.py: a resource's fan-out, member site by member site;
- structure.py: the fan-out of a topic or theme;
- aliases.py: one alias: making it, its slug, its content;
- withdrawal.py: taking aliases off line and deleting them;
- claims.py: who runs a page's fan-out, and taking it over from the dead;
- workers.py: the workers' heartbeats and what a dead one leaves;
- history.py: the fan-out's entries in the members' page history.
"""

import datetime
import logging

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from wagtail.models import Page

from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from pages.models import (
    RESOURCE_MODELS,
    SharingOptOut,
    SharingSync,
    SiteDirectory,
    SiteProfile,
)
from pages.models.sharing import fan_out_running, is_hub_page

from . import claims, history, workers
from .aliases import is_current
from .resources import aliases_by_site, sync_resource
from .structure import STRUCTURE_MODELS, misplaced_resources, sync_structure
from .withdrawal import (
    aliases_to_delete,
    delete_copies_now,
    delete_withdrawn,
    take_off_line,
    withdraw_aliases,
)

__all__ = [
    "TASK_BACKEND",
    "SiteDirectory",
    "delete_aliases",
    "delete_copies_now",
    "delete_withdrawn_aliases",
    "hide",
    "is_current",
    "needs_fan_out",
    "recover",
    "request_sync",
    "site_profile_of",
    "sites_showing",
    "sync",
    "sync_now",
    "sync_shared_page",
    "unhide",
    "withdraw_aliases",
]

logger = logging.getLogger(__name__)

# A fan-out task that failed is not queued again by recover() before this.
RETRY_FAILED_AFTER = datetime.timedelta(minutes=1)


def site_profile_of(page: Page) -> SiteProfile | None:
    """The site whose tree holds `page` (any locale of its home page)."""
    return SiteDirectory().site_of(page)


def sites_showing(originals) -> list[str]:
    """The names of the member sites showing a live alias of one of `originals`."""
    directory = SiteDirectory()
    aliases = Page.objects.filter(alias_of__in=originals, live=True).only("path")
    names = {
        site.site.site_name
        for site in (directory.site_of(alias) for alias in aliases)
        if site is not None and not site.is_hub
    }
    return sorted(names)


def needs_fan_out(page: Page) -> bool:
    """A page of GR's whose publish or move concerns the member sites."""
    return (
        not page.alias_of_id
        and isinstance(page.specific, (*RESOURCE_MODELS, *STRUCTURE_MODELS))
        and is_hub_page(page)
    )


# --- Requests and the task --------------------------------------------------


def request_sync(page: Page) -> None:
    """Record that `page`'s aliases must catch up with it, and queue the fan-out.

    Called inside the transaction that changed the page: the intent is
    committed with the change or not at all. A fan-out already waiting in
    the queue will see the change, so none is added beside it; one that is
    running sees the request when it finishes and runs again (claims.py).
    """
    sync, created = _record_request(page)
    if created or not _waiting(sync.task_id):
        _queue(page.pk)


def _record_request(page: Page) -> tuple[SharingSync, bool]:
    return SharingSync.objects.update_or_create(
        original_id=page.pk, defaults={"requested_at": timezone.now()}
    )


def _queue(page_id: int) -> None:
    result = sync_shared_page.enqueue(page_id)
    SharingSync.objects.filter(original_id=page_id).update(task_id=str(result.id))


def _waiting(task_id: str) -> bool:
    """The task `task_id` is in the queue and has not started."""
    if not task_id or not isinstance(sync_shared_page.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        pk=task_id, status=TaskResultStatus.READY
    ).exists()


# The task backend of the fan-out (cms/settings/base.py: TASKS).
TASK_BACKEND = "sharing"


@task(backend=TASK_BACKEND, takes_context=True)
def sync_shared_page(context: TaskContext, page_id: int) -> dict[str, str] | None:
    """The fan-out of one of GR's pages; returns {site slug: error}, or None
    when another worker runs it."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # deleted since: its aliases went with it
        return {}
    worker_ids = context.task_result.worker_ids
    return sync(page.specific, worker_id=worker_ids[-1] if worker_ids else "")


def sync(page: Page, worker_id: str = "") -> dict[str, str] | None:
    """Bring the member sites' aliases of `page` up to date; {site slug: error}.

    Only one fan-out of a page runs at a time (claims.py): while another
    runs, this one returns None at once, and the other runs again when it
    finishes if the page changed meanwhile. A topic or theme brings its own
    aliases up to date, and queues a fan-out for each resource below it
    whose aliases it left out of place (structure.py).
    """
    started = claims.claim(page, claims.Holder.here(worker_id))
    if started is None:
        return None
    errors: dict[str, str] = {}
    while started is not None:
        try:
            with fan_out_running():
                errors = _fan_out(page, started)
        except claims.ClaimLost:
            logger.warning(
                "The fan-out of page %s was taken over by another runner; "
                "leaving it to that one",
                page.pk,
            )
            return None
        except BaseException:
            claims.give_up(page, started)
            raise
        started = claims.finish(page, started)
        if started is not None:  # asked for again while it ran
            page = Page.objects.get(pk=page.pk).specific
    return errors


def sync_now(page: Page, again: bool = False) -> dict[str, str] | None:
    """Run the fan-out of `page` in this process (`manage.py sync_shared`);
    with `again`, even if nothing is owed. None if a worker is running it."""
    if again:
        _record_request(page)
    return sync(page)


def _fan_out(page: Page, started: datetime.datetime) -> dict[str, str]:
    def hold() -> None:
        claims.hold(page, started)

    if isinstance(page, RESOURCE_MODELS):
        return sync_resource(page, hold=hold)
    errors = sync_structure(page, hold=hold)
    for resource in misplaced_resources(page):
        request_sync(resource)
    return errors


def recover(self_id: str = "") -> dict[str, int]:
    """Take over what dead workers and processes left; returns what was done.

    Run at each heartbeat of every sharing worker (`self_id`: that worker,
    never taken for dead by itself), by `manage.py sync_shared` and by
    "Dela igen nu": dead workers' running tasks are marked failed, their
    fan-outs released, and every fan-out still owed (pending, not running,
    not waiting in the queue) is queued again.
    """
    return {
        "dead_workers": len(workers.bury_dead_workers(self_id)),
        "failed_tasks": workers.fail_lost_tasks(TASK_BACKEND, self_id),
        "released": len(claims.release_dead_claims()),
        "queued": len(queue_owed()),
    }


def owed() -> QuerySet:
    """The syncs whose last request has not reached the member sites."""
    return SharingSync.objects.filter(
        Q(synced_as_of__isnull=True) | Q(synced_as_of__lt=F("requested_at")),
        original__live=True,
    )


def queue_owed() -> list[int]:
    """Queue the fan-out of every owed sync that nobody runs or waits for."""
    if not isinstance(sync_shared_page.get_backend(), DatabaseBackend):
        return []
    stalled = list(owed().filter(running_since__isnull=True))
    tasks = DBTaskResult.objects.filter(
        pk__in=[sync.task_id for sync in stalled if sync.task_id]
    )
    recent = timezone.now() - RETRY_FAILED_AFTER
    busy = {
        str(result.pk)
        for result in tasks
        if result.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)
        or result.status == TaskResultStatus.FAILED
        and result.exception_class_path != workers.LOST_TASK_EXCEPTION
        and result.finished_at is not None
        and result.finished_at > recent
    }
    queued = []
    for sync in stalled:
        if sync.task_id not in busy:
            _queue(sync.original_id)
            queued.append(sync.original_id)
    if queued:
        logger.warning("Queued the fan-out of %s page(s) again", len(queued))
    return queued


# --- Member choices ---------------------------------------------------------


def hide(alias_or_original: Page, site: SiteProfile, user=None) -> None:
    """A member hides a shared resource on its site; later publishes respect it."""
    original = alias_or_original.alias_of or alias_or_original
    SharingOptOut.objects.get_or_create(
        original=original, site=site, defaults={"created_by": user}
    )
    alias = aliases_by_site(original).get(site.pk)
    if alias is not None:
        alias.delete()


def unhide(original: Page, site: SiteProfile, user=None) -> None:
    """Undo `hide`: the resource is shared with the site again (by the fan-out)."""
    SharingOptOut.objects.filter(original=original, site=site).delete()
    request_sync(original)


# --- Deletion ---------------------------------------------------------------


def delete_aliases(original: Page) -> None:
    """The original is being deleted: its aliases go too, not turned into copies.

    They are taken off line here, in the request, and deleted by the worker
    (deleting a page runs a dozen signal handlers per page, a tenth of a
    second for each member site). Which aliases go: withdrawal.py,
    aliases_to_delete.
    """
    aliases = list(aliases_to_delete(original))
    history.record_deletions(aliases, original)
    ids = take_off_line(aliases)
    if ids:
        delete_withdrawn_aliases.enqueue(original.pk, ids)


@task(backend=TASK_BACKEND)
def delete_withdrawn_aliases(original_id: int, alias_ids: list[int]) -> int:
    """Delete the aliases of a deleted original; returns how many were left."""
    return delete_withdrawn(original_id, alias_ids)
