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
- a sync that crashed stays pending (visible on the original) until the next
  publish or `manage.py sync_shared` runs it again.

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
- withdrawal.py: taking aliases off line and deleting them.
"""

import datetime
import logging

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page

from django_tasks import task

from pages.models import (
    RESOURCE_MODELS,
    SharingOptOut,
    SharingSync,
    SiteDirectory,
    SiteProfile,
)
from pages.models.sharing import fan_out_running, is_hub_page

from .aliases import is_current
from .resources import aliases_by_site, sync_resource
from .structure import STRUCTURE_MODELS, misplaced_resources, sync_structure
from .withdrawal import (
    aliases_to_delete,
    delete_withdrawn,
    take_off_line,
    withdraw_aliases,
)

__all__ = [
    "TASK_BACKEND",
    "SiteDirectory",
    "delete_aliases",
    "delete_withdrawn_aliases",
    "hide",
    "is_current",
    "needs_fan_out",
    "request_sync",
    "site_profile_of",
    "sync",
    "sync_shared_page",
    "unhide",
    "withdraw_aliases",
]

logger = logging.getLogger(__name__)

# A fan-out that has run this long is taken to have died with its worker.
STALE_RUN = datetime.timedelta(minutes=30)
# When another worker is syncing the same page, try again this much later.
BUSY_RETRY = datetime.timedelta(seconds=10)


def site_profile_of(page: Page) -> SiteProfile | None:
    """The site whose tree holds `page` (any locale of its home page)."""
    return SiteDirectory().site_of(page)


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
    committed with the change or not at all.
    """
    SharingSync.objects.update_or_create(
        original_id=page.pk, defaults={"requested_at": timezone.now()}
    )
    result = sync_shared_page.enqueue(page.pk)
    SharingSync.objects.filter(original_id=page.pk).update(task_id=str(result.id))


# The task backend of the fan-out (cms/settings/base.py: TASKS).
TASK_BACKEND = "sharing"


@task(backend=TASK_BACKEND)
def sync_shared_page(page_id: int) -> dict[str, str]:
    """The fan-out of one of GR's pages; returns {site slug: error}."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # deleted since: its aliases went with it
        return {}
    return sync(page.specific)


def sync(page: Page) -> dict[str, str]:
    """Bring the member sites' aliases of `page` up to date; {site slug: error}.

    Only one fan-out of a page runs at a time; a second one is put off until
    the first has finished (a fan-out started before the latest change must
    be followed by another). A topic or theme brings its own aliases up to
    date, and queues a fan-out for each resource below it whose aliases it
    left out of place (structure.py).
    """
    started = _claim(page)
    if started is None:
        _retry_later(page)
        return {}
    try:
        with fan_out_running():
            if isinstance(page, RESOURCE_MODELS):
                errors = sync_resource(page)
            else:
                errors = sync_structure(page)
                for resource in misplaced_resources(page):
                    request_sync(resource)
    except BaseException:
        # The intent stays pending (synced_as_of unchanged) for the next try.
        SharingSync.objects.filter(original=page).update(running_since=None)
        raise
    SharingSync.objects.filter(original=page).update(
        running_since=None, synced_as_of=started, finished_at=timezone.now()
    )
    return errors


def _claim(page: Page) -> datetime.datetime | None:
    started = timezone.now()
    SharingSync.objects.get_or_create(original=page, defaults={"requested_at": started})
    claimed = (
        SharingSync.objects.filter(original=page)
        .filter(
            Q(running_since__isnull=True) | Q(running_since__lt=started - STALE_RUN)
        )
        .update(running_since=started)
    )
    return started if claimed else None


def _retry_later(page: Page) -> None:
    if sync_shared_page.get_backend().supports_defer:
        sync_shared_page.using(run_after=timezone.now() + BUSY_RETRY).enqueue(page.pk)
    else:
        logger.warning("Sharing %s is already running; not running it twice", page.pk)


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
    ids = take_off_line(aliases_to_delete(original))
    if ids:
        delete_withdrawn_aliases.enqueue(original.pk, ids)


@task(backend=TASK_BACKEND)
def delete_withdrawn_aliases(original_id: int, alias_ids: list[int]) -> int:
    """Delete the aliases of a deleted original; returns how many were left."""
    return delete_withdrawn(original_id, alias_ids)
